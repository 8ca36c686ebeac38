import { useId } from 'react';

interface Props {
  label: string;
  items: readonly { id: string; label: string }[];
  ticked: ReadonlySet<string>;
  disabled: boolean;
  invalid: boolean;
  errorId: string | undefined;
  event: string;
  onChange(ticked: ReadonlySet<string>): void;
}

/** Items the operator ticks one by one; the step's action sends once every one is ticked. */
export function ChecklistField({ label, items, ticked, disabled, invalid, errorId, event, onChange }: Props) {
  const legendId = useId();
  return (
    <fieldset className="checklist-field" aria-labelledby={legendId} aria-invalid={invalid} aria-describedby={invalid ? errorId : undefined} data-event={event}>
      <legend id={legendId} className="field__label">
        {label} <span className="checklist-field__count">({ticked.size} of {items.length} ticked)</span>
      </legend>
      <ul className="checklist-field__items">
        {items.map((item) => (
          <li key={item.id}>
            <label className="checklist-field__item">
              <input
                type="checkbox"
                data-testid="checklist-item"
                data-item={item.id}
                checked={ticked.has(item.id)}
                disabled={disabled}
                onChange={(e) => {
                  const next = new Set(ticked);
                  if (e.target.checked) next.add(item.id);
                  else next.delete(item.id);
                  onChange(next);
                }}
              />
              <span>{item.label}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
