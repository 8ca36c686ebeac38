/**
 * Domain records shared by main and the renderer. Zod schemas are the single source:
 * the contract validates with them and the types are inferred from them.
 */
import { z } from 'zod';

export const errorShapeSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string(),
});

/** A site as stored in settings. Secrets never appear here: only whether one is stored. */
export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  siteHostname: z.string(),
  applianceUrl: z.string(),
  apiClientId: z.string(),
  hasApiSecret: z.boolean(),
  adminUser: z.string(),
  hasAdminPassword: z.boolean(),
  /** SHA-256 fingerprint (hex, colon separated, upper case) of the appliance certificate the operator trusted. */
  pinnedFingerprint256: z.string().optional(),
  isPracticeLab: z.boolean().default(false),
  lastReport: z.lazy(() => connectionReportSchema).optional(),
});
export type Site = z.infer<typeof siteSchema>;

export const siteInputSchema = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1, 'Give the site a name.'),
  siteHostname: z.string().trim().min(1, 'Enter the site hostname users reach.'),
  applianceUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s/]+(:\d+)?\/?$/, 'Enter the appliance address as https://host or https://host:port.'),
  apiClientId: z.string().trim().min(1, 'Enter the API client id.'),
  /** Omitted on edit = keep the stored secret. */
  apiClientSecret: z.string().min(1).optional(),
  adminUser: z.string().trim().default('admin'),
  adminPassword: z.string().min(1).optional(),
});
export type SiteInput = z.input<typeof siteInputSchema>;

/**
 * Version of the settings file's layout. 1 = the files written before settings were versioned
 * (no `schemaVersion` key); each later version adds one migration in electron/services/sites.
 */
export const SETTINGS_SCHEMA_VERSION = 1;

/** A site saved, with anything the operator should know about it (e.g. DUPLICATE_APPLIANCE). */
export const siteSaveResultSchema = siteSchema.extend({ warnings: z.array(errorShapeSchema).optional() });

/** Test connection's sign-in to the /appliance admin interface with the stored admin password. */
export const adminCheckSchema = z.object({
  ok: z.boolean(),
  /** A plain sentence: who signed in, or why the sign-in failed. */
  message: z.string(),
  /** The error code when it failed (e.g. ADMIN_LOGIN_FAILED). */
  code: z.string().optional(),
});
export type AdminCheck = z.infer<typeof adminCheckSchema>;

export const certificateInfoSchema = z.object({
  fingerprint256: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  subjectAltNames: z.array(z.string()),
  selfSigned: z.boolean(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

export const connectionReportSchema = z.object({
  checkedAt: z.string(),
  apiVersion: z.string(),
  permissions: z.record(z.string(), z.string()),
  missingPermissions: z.array(z.string()),
  applianceId: z.string(),
  hostname: z.string(),
  version: z.string(),
  failoverRole: z.enum(['none', 'primary', 'backup']),
  healthy: z.boolean(),
  healthMessage: z.string().optional(),
  /** Appliance clock minus this computer's clock, in seconds. */
  clockOffsetSeconds: z.number(),
  certificate: certificateInfoSchema,
  /** Missing on reports saved before the admin sign-in was part of the test. */
  admin: adminCheckSchema.optional(),
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;

export const vaultKindSchema = z.enum(['backup', 'certificate', 'package', 'diagnostics']);
export type VaultKind = z.infer<typeof vaultKindSchema>;

/**
 * What the vault keeps about a certificate file (kind `certificate`), all public facts of its
 * leaf. `checkedAt` is set only when the file was opened with its passphrase and inspected;
 * an entry rebuilt from disk has no metadata at all, which means "not checked".
 */
export const vaultCertificateSchema = z.object({
  subject: z.string(),
  subjectAltNames: z.array(z.string()),
  notAfter: z.string(),
  fingerprint256: z.string(),
  encryption: z.enum(['modern', 'legacy']),
  checkedAt: z.string().optional(),
});
export type VaultCertificate = z.infer<typeof vaultCertificateSchema>;

export const vaultEntrySchema = z.object({
  id: z.string(),
  kind: vaultKindSchema,
  siteId: z.string(),
  siteName: z.string(),
  appliance: z.string(),
  version: z.string(),
  createdAt: z.string(),
  size: z.number(),
  sha256: z.string(),
  fileName: z.string(),
  /** Procedures that still need this file; the vault refuses to delete while any is listed. */
  heldBy: z.array(z.string()),
  lastVerifiedAt: z.string().optional(),
  state: z.enum(['ok', 'missing', 'corrupt']),
  certificate: vaultCertificateSchema.optional(),
});
export type VaultEntry = z.infer<typeof vaultEntrySchema>;

export const journalEntrySchema = z.object({
  at: z.string(),
  who: z.enum(['operator', 'assistant']),
  step: z.string(),
  event: z.string(),
  outcome: z.enum(['ok', 'failed', 'info', 'blocked']),
  detail: z.string().optional(),
  checksums: z.record(z.string(), z.string()).optional(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const progressSchema = z.object({
  procedureId: z.string(),
  stepId: z.string(),
  label: z.string(),
  unit: z.enum(['bytes', 'seconds']),
  done: z.number(),
  total: z.number().nullable(),
  /** Units per second, averaged. */
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /**
   * For an install: what the appliance is doing now (uploading the file, installing, restarting,
   * verifying the version), as the install actor sees it; absent for other progress.
   */
  phase: z.enum(['uploading', 'installing', 'restarting', 'verifying']).optional(),
});
export type Progress = z.infer<typeof progressSchema>;

export const removableDriveSchema = z.object({
  id: z.string(),
  label: z.string(),
  mountPath: z.string(),
  sizeBytes: z.number(),
  freeBytes: z.number(),
  filesystem: z.string(),
});
export type RemovableDriveView = z.infer<typeof removableDriveSchema>;
