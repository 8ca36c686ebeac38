import { useId, useState } from 'react';
import { generatePassword } from '../generate-password';

interface Props {
  label: string;
  /** A new secret is typed twice; the value counts only when both fields match. */
  confirmTwice: boolean;
  /** Offer "Generate a strong password": the field is filled and the password shown, once, to write down. */
  generate: boolean;
  disabled: boolean;
  invalid: boolean;
  errorId: string | undefined;
  event: string;
  /** The secret, or '' while it is empty or the two fields differ. */
  onChange(value: string): void;
}

/**
 * A passphrase or password field. Masked unless the operator asks to see it; never kept as a
 * draft; main holds what is sent in memory only. A generated password is shown in plain text
 * right here, this once, so the technician can write it down before sending it.
 */
export function SecretField({ label, confirmTwice, generate, disabled, invalid, errorId, event, onChange }: Props) {
  const firstId = useId();
  const againId = useId();
  const [first, setFirst] = useState('');
  const [again, setAgain] = useState('');
  const [visible, setVisible] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);

  const update = (nextFirst: string, nextAgain: string) => {
    setFirst(nextFirst);
    setAgain(nextAgain);
    onChange(nextFirst !== '' && (!confirmTwice || nextFirst === nextAgain) ? nextFirst : '');
  };
  const differs = confirmTwice && again !== '' && first !== again;
  const type = visible ? 'text' : 'password';
  const shared = {
    type,
    className: 'field__input action-form__text mono',
    autoComplete: 'new-password',
    spellCheck: false,
    autoCapitalize: 'off',
    disabled,
    'data-event': event,
  } as const;

  return (
    <div className="secret-field">
      <div className="field">
        <label htmlFor={firstId} className="field__label">
          {label}
        </label>
        <input
          {...shared}
          id={firstId}
          data-testid="secret-input"
          value={first}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => {
            setGenerated(null);
            update(e.target.value, again);
          }}
        />
      </div>
      {confirmTwice && (
        <div className="field">
          <label htmlFor={againId} className="field__label">
            Type it again
          </label>
          <input
            {...shared}
            id={againId}
            data-testid="secret-input-again"
            value={again}
            aria-invalid={differs}
            onChange={(e) => update(first, e.target.value)}
          />
          {differs && (
            <p className="field__error" role="alert">
              The two entries differ. Type the same text in both fields.
            </p>
          )}
        </div>
      )}
      <div className="secret-field__tools">
        <label className="secret-field__show">
          <input type="checkbox" checked={visible} disabled={disabled} onChange={(e) => setVisible(e.target.checked)} /> Show what I type
        </label>
        {generate && (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={disabled}
            data-testid="generate-secret"
            onClick={() => {
              const password = generatePassword();
              setGenerated(password);
              update(password, confirmTwice ? password : '');
            }}
          >
            Generate a strong password
          </button>
        )}
      </div>
      {generated !== null && (
        <div className="secret-field__generated" role="status" data-testid="generated-secret">
          <p>Write this password down now. The assistant stores it protected on this computer and does not show it again.</p>
          <output className="secret-field__generated-value mono">{generated}</output>
        </div>
      )}
    </div>
  );
}
