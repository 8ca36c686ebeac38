import type { ConnectionReport, Site } from '../../shared/domain';

export type CertificateStatus = 'pinned' | 'new' | 'changed';

/** Whether the certificate last seen is the one the operator trusted. */
export function certificateStatus(site: Pick<Site, 'pinnedFingerprint256'>, report: ConnectionReport): CertificateStatus {
  if (!site.pinnedFingerprint256) return 'new';
  return site.pinnedFingerprint256 === report.certificate.fingerprint256 ? 'pinned' : 'changed';
}

export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  pinned: 'Pinned',
  new: 'New — not trusted yet',
  changed: 'Changed since trusted',
};

export const FAILOVER_ROLE_LABELS: Record<ConnectionReport['failoverRole'], string> = {
  none: 'Standalone',
  primary: 'Failover primary',
  backup: 'Failover backup',
};
