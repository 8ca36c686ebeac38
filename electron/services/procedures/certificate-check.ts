/**
 * R3 for the `probeCertificate` actor: reads the certificate the appliance presents and runs
 * the appliance module's assessment against the site hostname, plus the pin comparison.
 */
import type { Site } from '../../../shared/domain';
import { assessCertificate, normaliseFingerprint, probeCertificate } from '../appliance';
import type { Clock } from '../ports';
import type { CertificateCheck } from './actors';
import { throwIfCancelled } from './cancel';

export function createCertificateCheck(clock: Clock): CertificateCheck {
  return async (site: Site, endpoint, signal) => {
    const presented = await probeCertificate(endpoint.baseUrl);
    throwIfCancelled(signal);
    const findings = assessCertificate(presented, { siteHostname: site.siteHostname, now: clock.now() }).map((f) => ({
      ok: f.severity !== 'fail',
      text: f.message,
    }));
    // The endpoint is the appliance checked, with its own pin (sites-service fills it).
    const pinned = endpoint.pinnedFingerprint256;
    if (pinned && normaliseFingerprint(pinned) !== presented.fingerprint256) {
      findings.push({ ok: false, text: 'The appliance presents a different certificate from the one you trusted for this site.' });
    }
    if (findings.every((f) => f.ok)) {
      findings.unshift({ ok: true, text: `The certificate is valid until ${presented.validTo} and names ${site.siteHostname}.` });
    }
    return { ok: findings.every((f) => f.ok), findings, fingerprint256: presented.fingerprint256, validTo: presented.validTo };
  };
}
