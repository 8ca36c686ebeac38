import type { ConnectionReport, SiteAppliance } from '../../shared/domain';

export type CertificateStatus = 'pinned' | 'new' | 'changed';

/** Whether the certificate last seen on an appliance is the one the operator trusted there. */
export function certificateStatus(appliance: Pick<SiteAppliance, 'pinnedFingerprint256'>, report: ConnectionReport): CertificateStatus {
  if (!appliance.pinnedFingerprint256) return 'new';
  return appliance.pinnedFingerprint256 === report.certificate.fingerprint256 ? 'pinned' : 'changed';
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
