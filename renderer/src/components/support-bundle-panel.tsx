import { useState } from 'react';
import type { AppErrorShape } from '../../../shared/errors';
import type { SavedCopy, SupportBundle } from '../../../shared/journal-proof';
import type { ProcedureView } from '../../../shared/procedures/view';
import { formatBytes } from '../../../shared/sizes';
import { asAppError, call } from '../api';
import { Digest } from './digest';
import { ErrorPanel } from './error-panel';
import { SavedFile, ShowInFolderButton } from './saved-file';
import './support-bundle-panel.css';

const HOLDS =
  'One zip file: the journal with its proof, the diagnostics the assistant captured from the appliance, the versions involved, the steps as you saw them and the saved state, each listed with its SHA-256 in a manifest. No password, client secret or passphrase is in it.';

/**
 * The support bundle: drawn prominently when the procedure ended in the "contact support" state,
 * folded away (but offered) for any other procedure.
 */
export function SupportBundlePanel({ view }: { view: Pick<ProcedureView, 'id' | 'status'> }) {
  const support = view.status === 'support';
  const body = <SupportBundleBody procedureId={view.id} prominent={support} />;
  if (support) {
    return (
      <section className="support-bundle support-bundle--prominent" aria-labelledby="support-bundle-title" data-testid="support-bundle">
        <h2 className="support-bundle__title" id="support-bundle-title">
          Send this to technical support
        </h2>
        {body}
      </section>
    );
  }
  return (
    <details className="support-bundle" data-testid="support-bundle">
      <summary className="support-bundle__summary">Support bundle</summary>
      {body}
    </details>
  );
}

function SupportBundleBody({ procedureId, prominent }: { procedureId: string; prominent: boolean }) {
  const [busy, setBusy] = useState<'create' | 'save' | null>(null);
  const [bundle, setBundle] = useState<SupportBundle | undefined>(undefined);
  const [saved, setSaved] = useState<SavedCopy | undefined>(undefined);
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<{ title: string; error: AppErrorShape } | undefined>(undefined);

  const create = async () => {
    setBusy('create');
    setError(undefined);
    setSaved(undefined);
    try {
      setBundle(await call('support.bundle', { id: procedureId }));
    } catch (e) {
      setError({ title: 'The support bundle could not be created', error: asAppError(e) });
    } finally {
      setBusy(null);
    }
  };

  const save = async (vaultId: string) => {
    setBusy('save');
    setError(undefined);
    setCancelled(false);
    try {
      const result = await call('support.saveBundle', { id: procedureId, vaultId });
      setSaved(result ?? undefined);
      setCancelled(result === null);
    } catch (e) {
      setError({ title: 'The support bundle could not be saved', error: asAppError(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="support-bundle__body">
      <p className="support-bundle__holds">{HOLDS}</p>
      <div className="support-bundle__actions">
        <button
          type="button"
          className={`button ${prominent && !bundle ? 'button--primary' : 'button--secondary'}`}
          data-testid="support-bundle-create"
          disabled={busy !== null}
          onClick={() => void create()}
        >
          {busy === 'create' ? 'Creating the support bundle…' : bundle ? 'Create it again' : 'Create support bundle'}
        </button>
      </div>
      {bundle && (
        <div className="support-bundle__made" role="status" data-testid="support-bundle-made" data-path={bundle.path}>
          <p>
            <strong>Support bundle kept in the vault:</strong> <span className="mono">{bundle.fileName}</span> ({formatBytes(bundle.size)}, {bundle.files.length} files
            and the manifest)
          </p>
          <p>
            <span className="support-bundle__label">SHA-256</span> <Digest value={bundle.sha256} label="SHA-256 of the support bundle" />
          </p>
          {bundle.missing.length > 0 && (
            <p className="support-bundle__missing" data-testid="support-bundle-missing">
              Not included, tell support: {bundle.missing.join('; ')}.
            </p>
          )}
          <div className="support-bundle__actions">
            <button type="button" className="button button--primary button--small" data-testid="support-bundle-save" disabled={busy !== null} onClick={() => void save(bundle.vaultId)}>
              Save as…
            </button>
            <ShowInFolderButton path={bundle.path} />
          </div>
        </div>
      )}
      {error && <ErrorPanel error={error.error} title={error.title} />}
      {cancelled && <p className="muted" role="status">Nothing was saved; the bundle stays in the vault.</p>}
      {saved && <SavedFile saved={saved} what="Support bundle" />}
    </div>
  );
}
