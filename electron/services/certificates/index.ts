export { inspectCertificateFile } from './inspect';
export { certificateFacts, reinspectVaultCertificate, storeCertificateFile } from './certificate-vault';
export type { StoreCertificateInput, StoredCertificate } from './certificate-vault';
export { CERTIFICATE_FILE_MAX_BYTES } from './certificate-errors';
export type { CertificateExpectation, CertificateFileFinding, CertificateInspection } from '../../../shared/certificate-inspection';
