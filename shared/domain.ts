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

/** What an appliance is to its site: the one serving it, the one replacing it (P5), or a failover pair member. */
export const applianceRoleSchema = z.enum(['current', 'new', 'A', 'B']);
export type ApplianceRole = z.infer<typeof applianceRoleSchema>;

/** One appliance of a site, as stored in settings. Secrets never appear here: only whether one is stored. */
export const siteApplianceSchema = z.object({
  id: z.string(),
  role: applianceRoleSchema,
  /** What the operator calls it, e.g. "B300 in rack 2" or its hostname. */
  label: z.string(),
  /** https://host[:port] of this appliance's own interface (no trailing slash). */
  applianceUrl: z.string(),
  /** Empty when the appliance has no API account yet (a factory-new appliance). */
  apiClientId: z.string(),
  hasApiSecret: z.boolean(),
  adminUser: z.string(),
  hasAdminPassword: z.boolean(),
  /** SHA-256 fingerprint (hex, colon separated, upper case) of the appliance certificate the operator trusted. */
  pinnedFingerprint256: z.string().optional(),
  lastReport: z.lazy(() => connectionReportSchema).optional(),
  /** Set when a migration replaced it (promoteAppliance); `role` is then the role it had. */
  retiredAt: z.string().optional(),
});
export type SiteAppliance = z.infer<typeof siteApplianceSchema>;

const siteFields = {
  id: z.string(),
  name: z.string(),
  siteHostname: z.string(),
  /** https://host[:port] users reach (the site hostname's front door); optional. */
  siteAddress: z.string().optional(),
  isPracticeLab: z.boolean().default(false),
  appliances: z.array(siteApplianceSchema),
};

/**
 * Exactly one active `current` appliance — or, for a failover pair, none and an active `A`
 * (its B may still be on its way) — and no role held twice by active appliances.
 */
function checkRoles(site: { appliances: readonly { role: ApplianceRole; retiredAt?: string | undefined }[] }, ctx: z.RefinementCtx): void {
  const active = site.appliances.filter((a) => a.retiredAt === undefined);
  const currents = active.filter((a) => a.role === 'current').length;
  if (currents > 1 || (currents === 0 && !active.some((a) => a.role === 'A'))) {
    ctx.addIssue({ code: 'custom', path: ['appliances'], message: 'A site needs exactly one current appliance, or the A appliance of its failover pair.' });
  }
  for (const role of applianceRoleSchema.options) {
    if (role !== 'current' && active.filter((a) => a.role === role).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['appliances'], message: `Only one appliance can have the role ${role}.` });
    }
  }
}

/** A site as stored in settings (layout 2): its names and the appliances that serve or will serve it. */
export const siteSchema = z.object(siteFields).superRefine(checkRoles);
export type Site = z.infer<typeof siteSchema>;

const applianceUrlField = z
  .string()
  .trim()
  .regex(/^https:\/\/[^\s/]+(:\d+)?\/?$/, 'Enter the appliance address as https://host or https://host:port.');

/**
 * The site editor's input: the site itself and its `current` appliance. Other appliances are
 * added and edited with applianceInputSchema / applianceUpdateSchema.
 */
export const siteInputSchema = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1, 'Give the site a name.'),
  siteHostname: z.string().trim().min(1, 'Enter the site hostname users reach.'),
  /** Omitted = keep the stored one; empty = none. */
  siteAddress: z.union([z.literal(''), z.string().trim().regex(/^https:\/\/[^\s/]+(:\d+)?\/?$/, 'Enter the site address as https://host or https://host:port.')]).optional(),
  applianceUrl: applianceUrlField,
  /**
   * The role of the appliance this form edits: `current` (default), or `A` for the first
   * appliance of a failover pair (its B is added with sites.addAppliance). Kept on edit.
   */
  applianceRole: z.enum(['current', 'A']).optional(),
  /** The current appliance's label; omitted = keep it (a new site is labelled with its host). */
  applianceLabel: z.string().trim().min(1).max(100).optional(),
  apiClientId: z.string().trim().min(1, 'Enter the API client id.'),
  /** Omitted on edit = keep the stored secret. */
  apiClientSecret: z.string().min(1).optional(),
  adminUser: z.string().trim().default('admin'),
  adminPassword: z.string().min(1).optional(),
});
export type SiteInput = z.input<typeof siteInputSchema>;

/** A further appliance for a site (e.g. the `new` one of a migration). The API account is optional: a factory appliance has none. */
export const applianceInputSchema = z
  .object({
    role: applianceRoleSchema,
    label: z.string().trim().min(1, 'Give the appliance a name.').max(100),
    applianceUrl: applianceUrlField,
    adminUser: z.string().trim().min(1, 'Enter the admin user.').default('admin'),
    adminPassword: z.string().min(1, 'Enter the admin password.'),
    apiClientId: z.string().trim().default(''),
    apiClientSecret: z.string().min(1).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.apiClientId !== '' && !input.apiClientSecret) ctx.addIssue({ code: 'custom', path: ['apiClientSecret'], message: 'Enter the API client secret.' });
    if (input.apiClientId === '' && input.apiClientSecret) ctx.addIssue({ code: 'custom', path: ['apiClientId'], message: 'Enter the API client id.' });
  });
export type ApplianceInput = z.input<typeof applianceInputSchema>;

/** Changes to one appliance; omitted fields (and secrets) stay as stored. Roles change only by promotion. */
export const applianceUpdateSchema = z.object({
  label: z.string().trim().min(1, 'Give the appliance a name.').max(100).optional(),
  applianceUrl: applianceUrlField.optional(),
  apiClientId: z.string().trim().min(1, 'Enter the API client id.').optional(),
  apiClientSecret: z.string().min(1).optional(),
  adminUser: z.string().trim().min(1, 'Enter the admin user.').optional(),
  adminPassword: z.string().min(1).optional(),
});
export type ApplianceUpdate = z.input<typeof applianceUpdateSchema>;

/**
 * Version of the settings file's layout. 1 = the files written before settings were versioned
 * (no `schemaVersion` key), one appliance per site; 2 = sites hold a list of appliances. Each
 * later version adds one migration in electron/services/sites.
 */
export const SETTINGS_SCHEMA_VERSION = 2;

/** A site saved, with anything the operator should know about it (e.g. DUPLICATE_APPLIANCE). */
export const siteSaveResultSchema = z.object({ ...siteFields, warnings: z.array(errorShapeSchema).optional() }).superRefine(checkRoles);

/** An appliance added or changed: the site as it is now, the appliance, and any warning (DUPLICATE_APPLIANCE). */
export const applianceSaveResultSchema = z.object({
  site: siteSchema,
  appliance: siteApplianceSchema,
  warnings: z.array(errorShapeSchema).optional(),
});
export type ApplianceSaveResult = z.infer<typeof applianceSaveResultSchema>;

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

export const vaultKindSchema = z.enum(['backup', 'certificate', 'package', 'diagnostics', 'report', 'support-bundle']);
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
