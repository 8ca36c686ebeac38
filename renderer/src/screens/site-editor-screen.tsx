import { useId, useState, type FormEvent } from 'react';
import { asAppError, call } from '../api';
import { siteInputSchema, type Site, type SiteInput } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { applianceOf, frontAppliance } from '../../../shared/sites';
import { AddApplianceForm } from '../components/add-appliance-form';
import { ApplianceList } from '../components/appliance-list';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ConnectionTestResult } from '../components/connection-test-result';
import { ErrorPanel } from '../components/error-panel';
import { useConnectionTest } from '../hooks/use-connection-test';
import type { Remote } from '../hooks/use-remote';
import './site-editor-screen.css';

type FieldName = 'name' | 'siteHostname' | 'siteAddress' | 'applianceUrl' | 'apiClientId' | 'apiClientSecret' | 'adminUser' | 'adminPassword';
type Fields = Record<FieldName, string>;
type FieldErrors = Partial<Record<FieldName, string>>;

interface Props {
  /** Absent for a new site. */
  siteId: string | undefined;
  sites: Remote<Site[]>;
  onBack: () => void;
  /** Main's warnings from the last save (e.g. another site has the same appliance address). */
  onSaved: (site: Site, warnings: string[]) => void;
  onRemoved: () => void;
  saveWarnings?: string[];
}

/** The warnings a save result carries (each a sentence and what to do), as the lines the editor shows. */
export function saveWarningsOf(result: { warnings?: readonly { message: string; hint?: string }[] }): string[] {
  return (result.warnings ?? []).map((w) => (w.hint ? `${w.message} ${w.hint}` : w.message)).filter((line) => line.trim() !== '');
}

export function SiteEditorScreen({ siteId, sites, onBack, onSaved, onRemoved, saveWarnings = [] }: Props) {
  const site = siteId ? sites.data?.find((s) => s.id === siteId) : undefined;
  if (siteId && !site) {
    return (
      <div className="screen">
        <button type="button" className="back-link" onClick={onBack}>
          ← All sites and procedures
        </button>
        {sites.data ? (
          <ErrorPanel
            error={{ code: 'NOT_FOUND', message: 'This site is no longer configured.', hint: 'Go back to the site list and pick or add a site.' }}
          />
        ) : (
          <p className="muted">Loading the site…</p>
        )}
      </div>
    );
  }
  // Keyed so that switching sites starts from that site's stored values.
  return (
    <SiteEditor key={site?.id ?? 'new'} site={site} onBack={onBack} onSaved={onSaved} onRemoved={onRemoved} saveWarnings={saveWarnings} />
  );
}

/** The editor edits the site and the appliance serving it now. */
function initialFields(site: Site | undefined): Fields {
  const current = site ? frontAppliance(site) : undefined;
  return {
    name: site?.name ?? '',
    siteHostname: site?.siteHostname ?? '',
    siteAddress: site?.siteAddress ?? '',
    applianceUrl: current?.applianceUrl ?? 'https://',
    apiClientId: current?.apiClientId ?? '',
    apiClientSecret: '',
    adminUser: current?.adminUser ?? 'admin',
    adminPassword: '',
  };
}

/** Client-side check with the contract's own schema, so messages match what main would say. */
function validate(fields: Fields, site: Site | undefined, pair: boolean): { input?: SiteInput; errors: FieldErrors } {
  const input: SiteInput = {
    ...(site ? { id: site.id } : {}),
    // The first appliance's role is chosen once, when the site is made; an edit keeps the stored one.
    ...(!site && pair ? { applianceRole: 'A' as const } : {}),
    name: fields.name,
    siteHostname: fields.siteHostname,
    // Empty clears a stored address; a new site without one sends nothing.
    ...(fields.siteAddress.trim() !== '' || site?.siteAddress ? { siteAddress: fields.siteAddress.trim() } : {}),
    applianceUrl: fields.applianceUrl,
    apiClientId: fields.apiClientId,
    adminUser: fields.adminUser,
    // Secrets are write-only: an empty field on edit keeps the stored one.
    ...(fields.apiClientSecret ? { apiClientSecret: fields.apiClientSecret } : {}),
    ...(fields.adminPassword ? { adminPassword: fields.adminPassword } : {}),
  };
  const errors: FieldErrors = {};
  const parsed = siteInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && field in fields && !errors[field as FieldName]) {
        errors[field as FieldName] = issue.message;
      }
    }
  }
  if (!(site && frontAppliance(site).hasApiSecret) && !fields.apiClientSecret) errors.apiClientSecret = 'Enter the API client secret.';
  return Object.keys(errors).length > 0 ? { errors } : { input, errors };
}

interface EditorProps {
  site: Site | undefined;
  onBack: () => void;
  onSaved: (site: Site, warnings: string[]) => void;
  onRemoved: () => void;
  saveWarnings: string[];
}

function SiteEditor({ site, onBack, onSaved, onRemoved, saveWarnings }: EditorProps) {
  const current = site ? frontAppliance(site) : undefined;
  const [fields, setFields] = useState<Fields>(() => initialFields(site));
  const [pair, setPair] = useState(false);
  const front = site ? frontAppliance(site) : undefined;
  const isPair = front?.role === 'A';
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<AppErrorShape | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [removeError, setRemoveError] = useState<AppErrorShape | undefined>(undefined);
  const connection = useConnectionTest(site?.id);

  const update = (name: FieldName, value: string) => {
    setFields((f) => ({ ...f, [name]: value }));
    setErrors((e) => ({ ...e, [name]: undefined }));
    setDirty(true);
    setSavedAt(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: found } = validate(fields, site, pair);
    setErrors(found);
    setSaveError(undefined);
    if (!input) return;
    setSaving(true);
    try {
      const saved = await call('sites.save', input);
      setFields((f) => ({ ...f, apiClientSecret: '', adminPassword: '' }));
      setDirty(false);
      setSavedAt(new Date().toLocaleTimeString());
      onSaved(saved, saveWarningsOf(saved));
    } catch (e) {
      setSaveError(asAppError(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!site) return;
    setConfirmRemove(false);
    try {
      await call('sites.remove', { id: site.id });
      onRemoved();
    } catch (e) {
      setRemoveError(asAppError(e));
    }
  };

  const field = (name: FieldName, label: string, options: { type?: string; hint?: string; placeholder?: string; secret?: boolean; stored?: boolean } = {}) => (
    <Field
      name={name}
      label={label}
      value={fields[name]}
      error={errors[name]}
      type={options.type}
      hint={options.stored ? 'Stored — leave empty to keep' : options.hint}
      placeholder={options.stored ? '••••••••' : options.placeholder}
      secret={options.secret}
      onChange={(v) => update(name, v)}
    />
  );

  return (
    <div className="screen site-editor">
      <button type="button" className="back-link" onClick={onBack}>
        ← All sites and procedures
      </button>
      <header className="screen__header">
        <div>
          <h1 className="screen__title">{site ? `Edit ${site.name}` : 'Add a site'}</h1>
          <p className="screen__subtitle">
            {site?.isPracticeLab
              ? 'A simulated appliance for practice. Nothing here touches a real site.'
              : 'How the assistant reaches the appliance. Secrets are stored encrypted and never shown again.'}
          </p>
        </div>
        {site?.isPracticeLab && <span className="badge badge--lab">Practice lab</span>}
      </header>

      <div className="site-editor__body">
        <form className="card site-editor__form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="site-form-title">
          <h2 id="site-form-title" className="card__title">
            Site details
          </h2>
          <fieldset className="fieldset">
            <legend>Site</legend>
            {field('name', 'Name', { placeholder: 'e.g. Head office support' })}
            {field('siteHostname', 'Site hostname', { hint: 'The address users and Jump Clients reach, e.g. support.example.com' })}
            {field('siteAddress', 'Site address (optional)', { hint: 'https://host or https://host:port users reach; checked after a migration moves the site' })}
            {!site && (
              <label className="field field--checkbox">
                <input type="checkbox" name="pair" checked={pair} onChange={(e) => setPair(e.target.checked)} />
                <span>This site runs on a failover pair: the appliance below is A (the primary); add B after saving.</span>
              </label>
            )}
            {field('applianceUrl', isPair || pair ? 'Appliance A URL' : 'Appliance URL', {
              hint: isPair || pair ? 'Appliance A’s own address (not the site hostname): https://host or https://host:port' : 'The current appliance’s own address: https://host or https://host:port',
            })}
          </fieldset>
          <fieldset className="fieldset">
            <legend>API account</legend>
            {field('apiClientId', 'API client id')}
            {field('apiClientSecret', 'API client secret', { type: 'password', secret: true, stored: current?.hasApiSecret })}
          </fieldset>
          <fieldset className="fieldset">
            <legend>Appliance administrator (/appliance)</legend>
            {field('adminUser', 'Admin user')}
            {field('adminPassword', 'Admin password', { type: 'password', secret: true, stored: current?.hasAdminPassword })}
          </fieldset>
          {saveError && <ErrorPanel error={saveError} title="The site was not saved" />}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save site'}
            </button>
            <button type="button" className="button button--secondary" onClick={onBack}>
              {dirty ? 'Cancel' : 'Close'}
            </button>
            {savedAt && (
              <span className="status-line tone-ok" role="status">
                Saved at {savedAt}
              </span>
            )}
            {site && !site.isPracticeLab && (
              <button type="button" className="button button--danger-quiet form-actions__end" onClick={() => setConfirmRemove(true)}>
                Remove site
              </button>
            )}
          </div>
          {saveWarnings.length > 0 && !dirty && (
            <div className="site-editor__warnings" role="alert" data-testid="save-warnings">
              <strong>Saved, with a warning</strong>
              <ul>
                {saveWarnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
          {removeError && <ErrorPanel error={removeError} title="The site was not removed" />}
        </form>

        <section className="card site-editor__connection" aria-labelledby="connection-title">
          <h2 id="connection-title" className="card__title">
            Connection
          </h2>
          {site && current ? (
            <>
              <p className="muted site-editor__lead">
                Signs in with the stored API account and reads the appliance’s version, role, clock, permissions and
                certificate, then signs in to /appliance with the admin account.
              </p>
              <div>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={connection.state.phase === 'testing' || dirty}
                  onClick={() => void connection.run()}
                >
                  Test connection
                </button>
                {dirty && <span className="muted site-editor__dirty">Save your changes first.</span>}
              </div>
              <ConnectionTestResult
                test={connection.state}
                appliance={current}
                showReport
                onTrust={(fingerprint) => void connection.trust(fingerprint)}
              />
            </>
          ) : (
            <p className="muted site-editor__lead">Save the site, then test the connection from here.</p>
          )}
        </section>

        {site && (
          <section className="card site-editor__appliances" aria-labelledby="appliances-title">
            <h2 id="appliances-title" className="card__title">
              Appliances
            </h2>
            <ApplianceList site={site} />
            {isPair ? !applianceOf(site, 'B') && <AddApplianceForm siteId={site.id} role="B" /> : !applianceOf(site, 'new') && <AddApplianceForm siteId={site.id} />}
          </section>
        )}
      </div>

      {confirmRemove && site && (
        <ConfirmDialog
          title="Remove site"
          message={`Remove ${site.name} and its stored secrets from this computer? Backups and packages in the vault stay.`}
          confirmLabel="Remove site"
          dismissLabel="Keep the site"
          tone="danger"
          onCancel={() => setConfirmRemove(false)}
          onConfirm={() => void remove()}
        />
      )}
    </div>
  );
}

interface FieldProps {
  name: FieldName;
  label: string;
  value: string;
  error: string | undefined;
  type: string | undefined;
  hint: string | undefined;
  placeholder: string | undefined;
  secret: boolean | undefined;
  onChange: (value: string) => void;
}

function Field({ name, label, value, error, type, hint, placeholder, secret, onChange }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className="field__input"
        type={type ?? 'text'}
        value={value}
        placeholder={placeholder}
        autoComplete={secret ? 'new-password' : 'off'}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error" data-testid="field-error" data-field={name}>
          {error}
        </p>
      )}
    </div>
  );
}
