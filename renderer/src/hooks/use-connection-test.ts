import { useCallback, useState } from 'react';
import { asAppError, call } from '../api';
import type { RequestOutput } from '../../../shared/contract';
import type { ConnectionReport } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';

export type CertificateCheck = RequestOutput<'sites.inspectCertificate'>;

export type ConnectionTest =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'ok'; report: ConnectionReport }
  | { phase: 'error'; error: AppErrorShape }
  /** The appliance presented a certificate the operator has not trusted (first use or changed). */
  | { phase: 'certificate'; error: AppErrorShape; check: CertificateCheck; trusting: boolean; trustError?: AppErrorShape };

/**
 * Tests the connection to one of a site's appliances (default: its current one). A first-seen or changed certificate is not an ordinary failure:
 * the presented certificate is read so the operator can compare fingerprints and trust it,
 * after which the test runs again.
 */
export function useConnectionTest(siteId: string | undefined, applianceId?: string) {
  const [state, setState] = useState<ConnectionTest>({ phase: 'idle' });

  const run = useCallback(async () => {
    if (!siteId) return;
    setState({ phase: 'testing' });
    try {
      setState({ phase: 'ok', report: await call('sites.testConnection', { id: siteId, ...(applianceId ? { applianceId } : {}) }) });
    } catch (e) {
      const error = asAppError(e);
      if (error.code !== 'TLS_UNTRUSTED' && error.code !== 'TLS_CHANGED') {
        setState({ phase: 'error', error });
        return;
      }
      try {
        const check = await call('sites.inspectCertificate', { id: siteId, ...(applianceId ? { applianceId } : {}) });
        setState({ phase: 'certificate', error, check, trusting: false });
      } catch (inspectError) {
        setState({ phase: 'error', error: asAppError(inspectError) });
      }
    }
  }, [siteId, applianceId]);

  const trust = useCallback(
    async (fingerprint256: string) => {
      if (!siteId) return;
      setState((s) => (s.phase === 'certificate' ? { ...s, trusting: true, trustError: undefined } : s));
      try {
        await call('sites.trustCertificate', { id: siteId, fingerprint256, ...(applianceId ? { applianceId } : {}) });
      } catch (e) {
        const trustError = asAppError(e);
        setState((s) => (s.phase === 'certificate' ? { ...s, trusting: false, trustError } : s));
        return;
      }
      await run();
    },
    [siteId, applianceId, run],
  );

  const reset = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, run, trust, reset };
}
