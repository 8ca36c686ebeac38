import { useId, useState, type FormEvent } from 'react';
import { asAppError, call } from '../api';
import { applianceInputSchema } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { ErrorPanel } from './error-panel';

interface Props {
  siteId: string;
  /** `new`: the replacement of a hardware migration; `B`: the backup appliance of a failover pair. */
  role?: 'new' | 'B';
}

type FieldName = 'label' | 'applianceUrl' | 'adminUser' | 'adminPassword' | 'apiClientId' | 'apiClientSecret';

const FORMS = {
  new: {
    title: 'Add the new appliance',
    intro: 'For a hardware migration: the appliance that will take over this site. A factory-new one signs in as admin / password.',
    labels: { label: 'New appliance name', applianceUrl: 'New appliance URL', adminUser: 'New appliance admin user', adminPassword: 'New appliance admin password' },
  },
  B: {
    title: 'Add appliance B',
    intro: 'The backup appliance of the pair, at its own address (not the site hostname). A pair shares its accounts, so its API account is usually the same as A’s.',
    labels: {
      label: 'Appliance B name',
      applianceUrl: 'Appliance B URL',
      adminUser: 'Appliance B admin user',
      adminPassword: 'Appliance B admin password',
      apiClientId: 'Appliance B API client id',
      apiClientSecret: 'Appliance B API client secret',
    },
  },
} as const;
const EMPTY: Record<FieldName, string> = { label: '', applianceUrl: 'https://', adminUser: 'admin', adminPassword: '', apiClientId: '', apiClientSecret: '' };

/**
 * Adds a further appliance to the site: the one that will replace the current one (role "new"; a
 * factory-new appliance has no API account yet, so only its address and admin sign-in are asked),
 * or the second appliance of a failover pair (role "B", with its API account).
 */
export function AddApplianceForm({ siteId, role = 'new' }: Props) {
  const id = useId();
  const form = FORMS[role];
  const LABELS: Partial<Record<FieldName, string>> = form.labels;
  const [fields, setFields] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const { apiClientId, apiClientSecret, ...rest } = fields;
    const appliance = { role, ...rest, ...(role === 'B' ? { apiClientId, ...(apiClientSecret ? { apiClientSecret } : {}) } : {}) };
    const parsed = applianceInputSchema.safeParse(appliance);
    if (!parsed.success) {
      const found: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const name = issue.path[0];
        if (typeof name === 'string' && name in LABELS && !found[name as FieldName]) found[name as FieldName] = issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const saved = await call('sites.addAppliance', { siteId, appliance });
      setWarnings((saved.warnings ?? []).map((w) => `${w.message} ${w.hint}`));
      setFields(EMPTY);
    } catch (e) {
      setFailure(asAppError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="add-appliance" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`} data-testid="add-appliance">
      <h3 id={`${id}-title`} className="add-appliance__title">
        {form.title}
      </h3>
      <p className="muted">{form.intro}</p>
      {(Object.keys(LABELS) as FieldName[]).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${id}-${name}`} className="field__label">
            {LABELS[name]}
          </label>
          <input
            id={`${id}-${name}`}
            name={name}
            className="field__input"
            type={name === 'adminPassword' || name === 'apiClientSecret' ? 'password' : 'text'}
            autoComplete={name === 'adminPassword' || name === 'apiClientSecret' ? 'new-password' : 'off'}
            spellCheck={false}
            value={fields[name]}
            aria-invalid={errors[name] ? true : undefined}
            aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
            onChange={(e) => setFields((f) => ({ ...f, [name]: e.target.value }))}
          />
          {errors[name] && (
            <p id={`${id}-${name}-error`} className="field__error" data-testid="field-error" data-field={name}>
              {errors[name]}
            </p>
          )}
        </div>
      ))}
      {failure && <ErrorPanel error={failure} title="The appliance was not added" />}
      {warnings.length > 0 && (
        <div className="site-editor__warnings" role="alert">
          <strong>Added, with a warning</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={saving}>
          {saving ? 'Adding…' : 'Add appliance'}
        </button>
      </div>
    </form>
  );
}
