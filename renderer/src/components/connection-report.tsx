import type { ConnectionReport, SiteAppliance } from '../../../shared/domain';
import {
  formatClockOffset,
  formatDateTime,
  isClockOffsetTooLarge,
  CLOCK_OFFSET_LIMIT_SECONDS,
} from '../format';
import { permissionConsequence } from '../permissions';
import { Digest } from './digest';
import { CERTIFICATE_STATUS_LABELS, FAILOVER_ROLE_LABELS, certificateStatus } from '../site-status';
import './connection-report.css';

interface Props {
  report: ConnectionReport;
  /** The appliance tested: its pin says whether the certificate is the trusted one. */
  appliance: Pick<SiteAppliance, 'pinnedFingerprint256'>;
}

/** A connection test, stated plainly: what the appliance is, and anything that will get in the way. */
export function ConnectionReportView({ report, appliance }: Props) {
  const clockWarn = isClockOffsetTooLarge(report.clockOffsetSeconds);
  const certStatus = certificateStatus(appliance, report);
  const grantedPermissions = Object.entries(report.permissions).filter(([name]) => !report.missingPermissions.includes(name));
  return (
    <section className="connection-report" data-testid="connection-report" aria-label="Connection report">
      <table className="facts">
        <tbody>
          <tr>
            <th scope="row">Checked</th>
            <td>{formatDateTime(report.checkedAt)}</td>
          </tr>
          <tr>
            <th scope="row">Appliance</th>
            <td>
              {report.hostname} <span className="muted">({report.applianceId})</span>
            </td>
          </tr>
          <tr>
            <th scope="row">Appliance version</th>
            <td data-testid="report-version">{report.version}</td>
          </tr>
          <tr>
            <th scope="row">API version</th>
            <td>{report.apiVersion}</td>
          </tr>
          <tr>
            <th scope="row">Failover role</th>
            <td>{FAILOVER_ROLE_LABELS[report.failoverRole]}</td>
          </tr>
          <tr>
            <th scope="row">Health</th>
            <td className={report.healthy ? 'tone-ok' : 'tone-bad'}>
              {report.healthy ? 'Healthy' : 'Not healthy'}
              {report.healthMessage && <span className="muted"> — {report.healthMessage}</span>}
            </td>
          </tr>
          {report.admin && (
            <tr>
              <th scope="row">Admin sign-in (/appliance)</th>
              <td className={report.admin.ok ? 'tone-ok' : 'tone-bad'} data-testid="report-admin">
                {report.admin.ok ? 'Signed in' : 'Sign-in failed'}
                {report.admin.message && <span className="connection-report__line muted">{report.admin.message}</span>}
              </td>
            </tr>
          )}
          <tr>
            <th scope="row">Clock offset</th>
            <td className={clockWarn ? 'tone-warn' : undefined} data-testid="report-clock">
              {formatClockOffset(report.clockOffsetSeconds)}
              {clockWarn && (
                <span className="connection-report__note">
                  More than {CLOCK_OFFSET_LIMIT_SECONDS} s off. Set the appliance clock (NTP under Networking &gt; IP
                  Configuration) before generating download keys or checking certificates.
                </span>
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">API permissions</th>
            <td data-testid="report-permissions">
              {report.missingPermissions.length === 0 ? (
                <span className="tone-ok">All needed permissions granted</span>
              ) : (
                <ul className="connection-report__missing">
                  {report.missingPermissions.map((name) => (
                    <li key={name} className="tone-bad" data-testid="missing-permission" data-permission={name}>
                      <span className="mono">{name}</span> missing — {permissionConsequence(name)}
                    </li>
                  ))}
                </ul>
              )}
              {grantedPermissions.length > 0 && (
                <span className="connection-report__granted muted">
                  Granted: {grantedPermissions.map(([name, value]) => `${name}=${value}`).join(', ')}
                </span>
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">Certificate</th>
            <td>
              <span className={certStatus === 'pinned' ? 'tone-ok' : certStatus === 'changed' ? 'tone-bad' : 'tone-warn'}>
                {CERTIFICATE_STATUS_LABELS[certStatus]}
              </span>
              {/* The whole fingerprint, to compare with the appliance's own screen: half of one proves nothing. */}
              <span className="connection-report__cert" data-testid="report-fingerprint">
                <Digest value={report.certificate.fingerprint256} label="certificate fingerprint (SHA-256)" />
              </span>
              <span className="connection-report__line muted">
                {report.certificate.subject} · valid until {formatDateTime(report.certificate.validTo)}
              </span>
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
