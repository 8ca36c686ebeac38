import type { CertificateCheck } from '../hooks/use-connection-test';
import type { AppErrorShape } from '../../../shared/errors';
import { formatDateTime } from '../format';
import { ErrorPanel } from './error-panel';
import './certificate-trust.css';

interface Props {
  check: CertificateCheck;
  changed: boolean;
  trusting: boolean;
  trustError: AppErrorShape | undefined;
  onTrust: (fingerprint256: string) => void;
}

/** Fingerprints in groups of four bytes, so two can be compared by eye group by group. */
function groupFingerprint(fingerprint: string): string[] {
  const bytes = fingerprint.split(':');
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) groups.push(bytes.slice(i, i + 4).join(':'));
  return groups;
}

/**
 * Trust on first use, loudly on change: the operator compares the fingerprint the appliance
 * presents with one they know (the appliance's /appliance > Security page or the console)
 * before the assistant pins it.
 */
export function CertificateTrust({ check, changed, trusting, trustError, onTrust }: Props) {
  const cert = check.presented;
  return (
    <section
      className={`certificate-trust${changed ? ' certificate-trust--changed' : ''}`}
      data-testid="certificate-trust"
      data-changed={String(changed)}
      aria-labelledby="certificate-trust-title"
    >
      <h3 id="certificate-trust-title" className="certificate-trust__title">
        {changed ? 'The appliance certificate has changed' : 'This appliance certificate is not trusted yet'}
      </h3>
      {changed ? (
        <p className="certificate-trust__warning" role="alert">
          The appliance now presents a different certificate from the one you trusted before. This happens after a
          certificate renewal, but it is also what an interception of this connection looks like. Trust it only if you
          know the certificate was replaced and the fingerprint below matches the one shown on the appliance itself.
        </p>
      ) : (
        <p className="certificate-trust__lead">
          Compare this fingerprint with the one the appliance shows on its own screen or web interface. Trust it only if
          they match.
        </p>
      )}
      <dl className="certificate-trust__grid">
        <dt>Presented fingerprint (SHA-256)</dt>
        <dd className="mono certificate-trust__fingerprint" data-testid="presented-fingerprint">
          {groupFingerprint(cert.fingerprint256).map((group, i) => (
            <span key={i}>{group}</span>
          ))}
        </dd>
        {changed && check.pinnedFingerprint256 && (
          <>
            <dt>Previously trusted fingerprint</dt>
            <dd className="mono certificate-trust__fingerprint" data-testid="pinned-fingerprint">
              {groupFingerprint(check.pinnedFingerprint256).map((group, i) => (
                <span key={i}>{group}</span>
              ))}
            </dd>
          </>
        )}
        <dt>Subject</dt>
        <dd>{cert.subject}</dd>
        <dt>Issuer</dt>
        <dd>
          {cert.issuer}
          {cert.selfSigned && <span className="tag tag--neutral certificate-trust__tag">self-signed</span>}
        </dd>
        <dt>Valid</dt>
        <dd>
          {formatDateTime(cert.validFrom)} to {formatDateTime(cert.validTo)}
        </dd>
        {cert.subjectAltNames.length > 0 && (
          <>
            <dt>Names covered</dt>
            <dd>{cert.subjectAltNames.join(', ')}</dd>
          </>
        )}
      </dl>
      {trustError && <ErrorPanel error={trustError} title="The certificate could not be trusted" />}
      <div className="certificate-trust__actions">
        <button
          type="button"
          className={`button ${changed ? 'button--danger' : 'button--primary'}`}
          disabled={trusting}
          onClick={() => onTrust(cert.fingerprint256)}
        >
          {trusting ? 'Trusting…' : 'Trust this certificate'}
        </button>
      </div>
    </section>
  );
}
