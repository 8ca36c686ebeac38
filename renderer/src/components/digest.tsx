import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { proofGroups } from '../format';
import './digest.css';

interface Props {
  /** The whole value: a SHA-256, a download key. Never shortened; the groups only space it. */
  value: string;
  /** What the value is, for the copy button's accessible name ("SHA-256 of backup.tar"). */
  label: string;
}

type Copied = 'copied' | 'selected' | null;

/** How long "Copied" stays next to the button. */
const CONFIRMATION_MS = 2500;

/**
 * A proof as a person uses it: the full value in monospace groups (eight characters, or four
 * bytes of a colon fingerprint), wrapping between
 * groups, and a copy button. The groups are separate boxes with no spaces between them, so
 * selecting the text by hand copies the value exactly too. Where the clipboard is refused (no
 * permission, no secure context) the value is selected instead, ready for Ctrl+C.
 */
export function Digest({ value, label }: Props) {
  const codeRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<Copied>(null);

  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const selectValue = () => {
    const code = codeRef.current;
    const selection = window.getSelection();
    if (!code || !selection) return;
    selection.selectAllChildren(code);
    setCopied('selected');
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      selectValue();
    }
  };

  return (
    <span className="digest" data-testid="digest" data-value={value}>
      <code ref={codeRef} className="digest__value" data-testid="digest-value">
        {proofGroups(value).map((group, i) => (
          <span key={i} className="digest__group">
            {group}
          </span>
        ))}
      </code>
      <button
        type="button"
        className="button button--secondary button--small digest__copy"
        data-testid="digest-copy"
        aria-label={`Copy ${label}`}
        onClick={() => void copy()}
      >
        Copy
      </button>
      <span className="digest__status" role="status" data-testid="digest-status">
        {copied === 'copied' && 'Copied'}
        {copied === 'selected' && 'Selected: press Ctrl+C to copy'}
      </span>
    </span>
  );
}

/** Every full SHA-256 inside a sentence; the look-arounds keep it from matching inside a longer hex run. */
const SHA256_IN_TEXT = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/gi;

/**
 * A line of text from main (a verification, a proof line, a journal detail) with each full
 * SHA-256 in it drawn as a Digest, so a proof reads the same wherever it appears.
 */
export function TextWithDigests({ text, label }: { text: string; label: string }): ReactNode {
  const lines = proofListLines(text);
  if (lines.length > 1) {
    return lines.map((line, i) => (
      <span key={i} className="proof-list-line" data-testid="proof-list-line">
        {proofLine(line, label)}
      </span>
    ));
  }
  return digestsIn(text, label);
}

/**
 * A list of proofs in one sentence ("a.nsb (SHA-256 …), b.nsb (SHA-256 …)") split so each entry
 * starts its own line: two digests with their copy buttons in one run of text cannot be told
 * apart at a glance. Text without two such entries comes back whole.
 */
export function proofListLines(text: string): string[] {
  const lines = text.split(/(?<=[0-9a-f]{64}\)),\s+/i);
  const everyLineAProof = lines.every((line) => /[0-9a-f]{64}/i.test(line));
  return lines.length > 1 && everyLineAProof ? lines : [text];
}

/** "name (SHA-256 digest)": the name, then the digest on a line of its own under it (no brackets to strand). */
const NAMED_DIGEST = /\s*\(SHA-256 ([0-9a-f]{64})\)[.,;]?$/i;

function proofLine(line: string, label: string): ReactNode {
  const named = NAMED_DIGEST.exec(line);
  if (!named) return digestsIn(line, label);
  return (
    <>
      {digestsIn(line.slice(0, named.index), label)}
      <span className="proof-list-line__digest">
        <span className="proof-list-line__label">SHA-256</span> <Digest value={named[1]!} label={label} />
      </span>
    </>
  );
}

function digestsIn(text: string, label: string): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(SHA256_IN_TEXT)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(<Digest key={at} value={match[0]} label={label} />);
    last = at + match[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts.map((part, i) => <Fragment key={i}>{part}</Fragment>);
}
