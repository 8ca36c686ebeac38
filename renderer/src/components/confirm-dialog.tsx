import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import './confirm-dialog.css';

interface Props {
  title: string;
  /** The sentence the operator confirms; absent when the dialog only collects a note. */
  message?: string;
  confirmLabel: string;
  /** The button that leaves without sending: "Keep working" for a cancel, "Go back" otherwise. */
  dismissLabel?: string;
  tone: 'primary' | 'secondary' | 'danger';
  needsNote?: boolean;
  /** A reason the operator may give for the journal (a cancel); sent only when written. */
  noteOptional?: boolean;
  busy?: boolean;
  onConfirm: (note: string | undefined) => void;
  onCancel: () => void;
}

/**
 * A modal that stops a risky click until the operator has read the sentence (and, where the
 * journal needs it, written why). Escape and "Cancel" leave without sending anything.
 */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  dismissLabel = 'Go back',
  tone,
  needsNote,
  noteOptional,
  busy,
  onConfirm,
  onCancel,
}: Props) {
  const showNote = needsNote || noteOptional;
  const titleId = useId();
  const noteId = useId();
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  // Read at first render, before focus moves into the dialog.
  const returnFocusTo = useRef<Element | null>(document.activeElement);

  const [host] = useState(() => document.createElement('div'));

  // Everything behind the dialog becomes inert and hidden from assistive technology, so the
  // keyboard, screen readers and end-to-end tests see only the dialog while it is open.
  useEffect(() => {
    const previousFocus = returnFocusTo.current;
    const hidden: Element[] = [];
    for (const element of Array.from(document.body.children)) {
      if (element.hasAttribute('inert')) continue;
      element.setAttribute('inert', '');
      element.setAttribute('aria-hidden', 'true');
      hidden.push(element);
    }
    document.body.appendChild(host);
    host.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      host.remove();
      for (const element of hidden) {
        element.removeAttribute('inert');
        element.removeAttribute('aria-hidden');
      }
      if (previousFocus instanceof HTMLElement) previousFocus.focus();
    };
  }, [host]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needsNote && note.trim() === '') {
      setNoteMissing(true);
      return;
    }
    onConfirm(showNote && note.trim() !== '' ? note.trim() : undefined);
  };

  // Keeps Tab inside the dialog, as a modal promises keyboard users.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = dialogRef.current.querySelectorAll<HTMLElement>('button:not([disabled]), textarea');
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="confirm-dialog"
        onKeyDown={onKeyDown}
      >
        <form onSubmit={submit} noValidate>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {message && <p className="dialog__message">{message}</p>}
          {showNote && (
            <div className="field">
              <label htmlFor={noteId} className="field__label">
                {needsNote ? (
                  <>
                    Note for the journal <span className="field__required">(required)</span>
                  </>
                ) : (
                  <>
                    Reason, for the journal <span className="field__optional">(optional)</span>
                  </>
                )}
              </label>
              <textarea
                id={noteId}
                data-autofocus={needsNote ? true : undefined}
                className="field__input dialog__note"
                rows={3}
                maxLength={2000}
                required={needsNote}
                aria-invalid={noteMissing}
                value={note}
                onChange={(e) => {
                  setNote(e.target.value);
                  if (e.target.value.trim() !== '') setNoteMissing(false);
                }}
              />
              {noteMissing && (
                <p className="field__error" role="alert">
                  Write a short note: the journal records why.
                </p>
              )}
            </div>
          )}
          <div className="dialog__actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={onCancel}
              // The safe way out first: a stray Enter must not confirm something risky.
              data-autofocus={needsNote ? undefined : true}
              data-testid="dialog-dismiss"
            >
              {dismissLabel}
            </button>
            <button type="submit" className={`button button--${tone}`} disabled={busy}>
              {confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>,
    host,
  );
}
