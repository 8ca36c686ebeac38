import type { SiteAppliance } from '../../../shared/domain';
import type { ConnectionTest } from '../hooks/use-connection-test';
import { CertificateTrust } from './certificate-trust';
import { ConnectionReportView } from './connection-report';
import { ErrorPanel } from './error-panel';

interface Props {
  test: ConnectionTest;
  appliance: Pick<SiteAppliance, 'pinnedFingerprint256'>;
  /** The editor shows the whole report; a site card only says it worked (its summary updates). */
  showReport: boolean;
  onTrust: (fingerprint256: string) => void;
}

export function ConnectionTestResult({ test, appliance, showReport, onTrust }: Props) {
  switch (test.phase) {
    case 'idle':
      return null;
    case 'testing':
      return (
        <p className="status-line" role="status">
          <span className="spinner" aria-hidden="true" /> Testing the connection…
        </p>
      );
    case 'ok':
      return showReport ? (
        <ConnectionReportView report={test.report} appliance={appliance} />
      ) : (
        <p className="status-line tone-ok" role="status" data-testid="connection-ok">
          Connection works — appliance {test.report.version} answered.
        </p>
      );
    case 'error':
      return <ErrorPanel error={test.error} title="The connection test failed" />;
    case 'certificate':
      return (
        <CertificateTrust
          check={test.check}
          changed={test.error.code === 'TLS_CHANGED'}
          trusting={test.trusting}
          trustError={test.trustError}
          onTrust={onTrust}
        />
      );
  }
}
