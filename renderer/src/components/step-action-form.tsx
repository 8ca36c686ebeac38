import { useId, useState, type FormEvent } from 'react';
import type { StepAction } from '../../../shared/procedures/view';
import { dialogWords } from '../step-action-words';
import { ChecklistField } from './checklist-field';
import { ConfirmDialog } from './confirm-dialog';
import { MediaChooser } from './media-chooser';
import { SecretField } from './secret-field';
import './step-action-form.css';

/** `input.defaultValue`: what main proposes (e.g. the drive the key came from, a limit worked out), chosen until the operator changes it. */
type InputAction = StepAction & { input: NonNullable<StepAction['input']> };

export function hasInput(action: StepAction): action is InputAction {
  return action.input !== undefined;
}

/** The contract's limit on `value`; a longer paste is cut by the field, not refused by main. */
const MAX_VALUE_LENGTH = 8000;

interface Props {
  action: InputAction;
  busy: boolean;
  /** What the operator had entered before this form was last unmounted (another tab, another step). */
  draft: string | undefined;
  onDraft: (value: string | undefined) => void;
  onSend: (event: string, note: string | undefined, value: string) => void;
}

/**
 * An action that carries a value: the field (typed text, a pasted key, or removable media)
 * and the button that sends it. The value is required and sent trimmed; a confirm sentence
 * or a journal note still goes through the dialog, after the value is known to be there.
 */
export function StepActionForm({ action, busy, draft, onDraft, onSend }: Props) {
  const inputId = useId();
  const errorId = useId();
  const initial = draft ?? action.input.defaultValue;
  const [text, setTextState] = useState(action.input.kind === 'media' ? '' : (initial ?? ''));
  const [mediaPath, setMediaPathState] = useState<string | undefined>(action.input.kind === 'media' ? initial : undefined);
  // A secret is never kept as a draft: leaving the step forgets it.
  const [secret, setSecret] = useState('');
  const [ticked, setTickedState] = useState<ReadonlySet<string>>(() => new Set(action.input.kind === 'checklist' && initial ? initial.split(',') : []));
  const setTicked = (next: ReadonlySet<string>) => {
    setTickedState(next);
    onDraft(next.size === 0 ? undefined : [...next].join(','));
  };
  const setText = (next: string) => {
    setTextState(next);
    onDraft(next === '' ? undefined : next);
  };
  const setMediaPath = (next: string | undefined) => {
    setMediaPathState(next);
    onDraft(next);
  };
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { input } = action;

  const items = input.items ?? [];
  const allTicked = items.length > 0 && items.every((item) => ticked.has(item.id));
  // Paths are sent as chosen: a folder may legitimately end in a space; a secret exactly as typed; other text is trimmed.
  const value =
    input.kind === 'media'
      ? (mediaPath ?? '')
      : input.kind === 'secret'
        ? secret
        : input.kind === 'checklist'
          ? allTicked
            ? items.map((item) => item.id).join(',')
            : ''
          : text.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value === '') {
      setMissing(true);
      return;
    }
    if (action.confirm || action.needsNote) setConfirming(value);
    else onSend(action.event, undefined, value);
  };

  const missingText =
    input.kind === 'media'
      ? 'Choose a drive or a folder first.'
      : input.kind === 'checklist'
        ? `Tick every item first: ${ticked.size} of ${items.length} ticked.`
        : input.kind === 'secret' && input.confirmTwice
          ? `Type “${input.label}” in both fields, the same both times.`
          : `Fill in “${input.label}” first.`;

  // What the typed-text field and the multi-line field share.
  const fieldProps = {
    id: inputId,
    'data-testid': 'action-input',
    'data-event': action.event,
    autoComplete: 'off',
    maxLength: MAX_VALUE_LENGTH,
    placeholder: input.placeholder,
    required: true,
    'aria-invalid': missing,
    'aria-describedby': missing ? errorId : undefined,
    disabled: busy,
    value: text,
    onChange: (e: { target: { value: string } }) => {
      setText(e.target.value);
      if (e.target.value.trim() !== '') setMissing(false);
    },
  };

  return (
    <>
      <form
        className="action-form"
        data-testid="action-form"
        data-event={action.event}
        onSubmit={submit}
        noValidate
        aria-label={action.label}
      >
        {input.kind === 'secret' ? (
          <SecretField
            label={input.label}
            confirmTwice={input.confirmTwice === true}
            generate={input.generate === true}
            disabled={busy}
            invalid={missing}
            errorId={missing ? errorId : undefined}
            event={action.event}
            onChange={(next) => {
              setSecret(next);
              if (next !== '') setMissing(false);
            }}
          />
        ) : input.kind === 'checklist' ? (
          <ChecklistField
            label={input.label}
            items={items}
            ticked={ticked}
            disabled={busy}
            invalid={missing}
            errorId={missing ? errorId : undefined}
            event={action.event}
            onChange={(next) => {
              setTicked(next);
              if (items.every((item) => next.has(item.id))) setMissing(false);
            }}
          />
        ) : input.kind === 'media' ? (
          <MediaChooser
            label={input.label}
            purpose={input.label}
            value={mediaPath}
            event={action.event}
            disabled={busy}
            invalid={missing}
            errorId={missing ? errorId : undefined}
            onChange={(path) => {
              setMediaPath(path);
              if (path !== undefined) setMissing(false);
            }}
          />
        ) : (
          <div className="field">
            <label htmlFor={inputId} className="field__label">
              {input.label}
            </label>
            {input.kind === 'multiline' ? (
              <textarea
                {...fieldProps}
                className="field__input action-form__multiline mono"
                rows={7}
                // A key is not prose: no spell check squiggles, no auto-correct of its characters.
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
              />
            ) : (
              <input {...fieldProps} type="text" className="field__input action-form__text" />
            )}
          </div>
        )}

        {missing && (
          <p id={errorId} className="field__error" role="alert">
            {missingText}
          </p>
        )}

        <div className="action-form__actions">
          <button
            type="submit"
            className={`button button--${action.tone}`}
            data-testid="step-action"
            data-event={action.event}
            disabled={busy}
            aria-haspopup={action.confirm || action.needsNote ? 'dialog' : undefined}
          >
            {action.label}
          </button>
        </div>
      </form>

      {/* Outside the form: a portal still bubbles React events, and the dialog's own submit must not reach this form. */}
      {confirming !== null && (
        <ConfirmDialog
          {...dialogWords(action)}
          message={action.confirm}
          needsNote={action.needsNote}
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={(note) => {
            const chosen = confirming;
            setConfirming(null);
            onSend(action.event, note, chosen);
          }}
        />
      )}
    </>
  );
}
