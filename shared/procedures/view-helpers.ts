/**
 * Small pure helpers every procedure view uses to turn a (possibly JSON-restored) snapshot
 * into what the renderer draws.
 */
import type { ProofLineRef } from './actors';
import type { Fact, StepAction, StepView } from './view';
import { formatBytes } from '../sizes';

/**
 * The active path of a state value: "window" → ["window"], { install: "failed" } →
 * ["install", "failed"]. Procedures run no parallel states, so one key per level.
 */
export function activeStatePath(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) {
    const [key] = Object.keys(value);
    if (key !== undefined) return [key, ...activeStatePath((value as Record<string, unknown>)[key])];
  }
  return [];
}

/** Joins the appliance address and a page route without doubling or dropping the slash. */
export function pageUrl(applianceUrl: string, route: string): string {
  return `${applianceUrl.replace(/\/+$/, '')}/${route.replace(/^\/+/, '')}`;
}

/** Builds the offered actions from a step's wording table, in the order given. */
export function offeredActions<TEvent extends string>(
  wording: Partial<Record<TEvent, Omit<StepAction, 'event'>>>,
  events: readonly TEvent[],
): StepAction[] {
  return events.flatMap((event) => {
    const words = wording[event];
    return words ? [{ event, ...words }] : [];
  });
}

export function fact(label: string, value: string, extra: Pick<Fact, 'mono' | 'tone'> = {}): Fact {
  return { label, value, ...extra };
}

/**
 * One line per file, "file — size — SHA-256" with the digest in full (the renderer groups it
 * with a copy button). A line's problem and its note (read through the cache only) are its
 * detail; `cacheNote` replaces that note where it no longer applies (the file was read again
 * after the stick was re-inserted).
 */
export function proofItems(proof: readonly ProofLineRef[], options: { cacheNote?: string } = {}): NonNullable<StepView['items']> {
  return proof.map((line) => {
    const note = line.note ? (options.cacheNote ?? line.note) : undefined;
    const detail = [line.problem, note].filter((part): part is string => typeof part === 'string' && part.length > 0).join('; ');
    return {
      label: `${line.file} — ${formatBytes(line.size)} — SHA-256 ${line.sha256 || (line.sha256Prefix ? `${line.sha256Prefix}…` : 'not computed')}`,
      status: line.ok ? ('done' as const) : ('failed' as const),
      ...(detail ? { detail } : {}),
    };
  });
}
