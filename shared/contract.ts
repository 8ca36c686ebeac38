/**
 * The one typed contract between the renderer and main. Every request has a zod input and
 * output schema; every pushed event has a payload schema. The preload bridge, the main-side
 * router and the test harness are all generated from this object, so nothing else needs to
 * know channel names.
 */
import { z } from 'zod';
import {
  applianceInputSchema,
  applianceSaveResultSchema,
  applianceUpdateSchema,
  connectionReportSchema,
  errorShapeSchema,
  removableDriveSchema,
  journalEntrySchema,
  progressSchema,
  siteInputSchema,
  siteSaveResultSchema,
  siteSchema,
  vaultEntrySchema,
} from './domain';
import {
  operatorEventSchema,
  procedureKindSchema,
  procedureSummarySchema,
  procedureViewSchema,
} from './procedures/view';
import { journalExportSchema, journalVerificationSchema, savedCopySchema, supportBundleSchema } from './journal-proof';

const id = z.string().min(1).max(200);

const reportStateSchema = z.object({
  html: z.string(),
  pdf: vaultEntrySchema.nullable(),
  pdfPath: z.string().nullable(),
  /** Why the last print failed; null when it did not. */
  printError: errorShapeSchema.nullable(),
});

export const requests = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      operator: z.string(),
      practiceLab: z.boolean(),
      /** Problems found at start-up that the operator must know of (e.g. an unreadable procedure). */
      warnings: z.array(errorShapeSchema).optional(),
    }),
  },
  'sites.list': { input: z.object({}), output: z.array(siteSchema) },
  /** The saved site; `warnings` e.g. DUPLICATE_APPLIANCE when another site names the same appliance address. */
  'sites.save': { input: siteInputSchema, output: siteSaveResultSchema },
  'sites.remove': { input: z.object({ id }), output: z.object({ removed: z.boolean() }) },
  /**
   * Connects with the stored credentials of the appliance (default: the site's current one): API,
   * then the admin sign-in (report.admin); a first-seen or changed certificate fails with
   * TLS_UNTRUSTED / TLS_CHANGED. The report is stored on that appliance.
   */
  'sites.testConnection': { input: z.object({ id, applianceId: id.optional() }), output: connectionReportSchema },
  /** Reads the certificate the appliance presents now, without trusting it. */
  'sites.inspectCertificate': {
    input: z.object({ id, applianceId: id.optional() }),
    output: z.object({
      presented: connectionReportSchema.shape.certificate,
      pinnedFingerprint256: z.string().optional(),
    }),
  },
  /** The operator compared the fingerprint and trusts this exact certificate (on that appliance; default the current one). */
  'sites.trustCertificate': { input: z.object({ id, fingerprint256: z.string().min(10), applianceId: id.optional() }), output: siteSchema },
  /** A further appliance for the site (role new, A or B); `warnings` e.g. DUPLICATE_APPLIANCE. */
  'sites.addAppliance': { input: z.object({ siteId: id, appliance: applianceInputSchema }), output: applianceSaveResultSchema },
  /** Changes an appliance; omitted fields and secrets stay as stored. */
  'sites.updateAppliance': { input: z.object({ siteId: id, applianceId: id, changes: applianceUpdateSchema }), output: applianceSaveResultSchema },
  /** The `new` appliance becomes the current one; the old one stays listed, retired. */
  'sites.promoteAppliance': { input: z.object({ siteId: id, applianceId: id }), output: siteSchema },
  /** Removes an appliance other than the current one, with its secrets. */
  'sites.removeAppliance': { input: z.object({ siteId: id, applianceId: id }), output: siteSchema },
  'vault.list': { input: z.object({ siteId: id.optional() }), output: z.array(vaultEntrySchema) },
  'vault.verify': { input: z.object({ id }), output: vaultEntrySchema },
  'procedures.list': { input: z.object({}), output: z.array(procedureSummarySchema) },
  /** P1 and P2 act on a site; P2-fetch (the connected side of the air gap) needs none. */
  'procedures.start': {
    input: z.object({ kind: procedureKindSchema, siteId: id.optional() }),
    output: procedureViewSchema,
  },
  'procedures.get': { input: z.object({ id }), output: procedureViewSchema },
  'procedures.send': { input: z.object({ id, event: operatorEventSchema }), output: procedureViewSchema },
  'procedures.journal': { input: z.object({ id }), output: z.array(journalEntrySchema) },
  /** Removable drives now (system drives never listed); the renderer polls while a step needs media. */
  'media.drives': { input: z.object({}), output: z.array(removableDriveSchema) },
  /** Any folder as media (e.g. a network share or a drive the lister cannot see). */
  'media.chooseFolder': { input: z.object({ purpose: z.string().max(200) }), output: z.object({ path: z.string().optional() }) },
  /** Opens an appliance page in the system browser; only https pages of one of the site's appliances. */
  'shell.openPage': { input: z.object({ siteId: id, url: z.string().url() }), output: z.object({ opened: z.boolean() }) },
  /** Shows a file in the system's file manager: one the assistant saved this session (Save as…) or one in its vault. */
  'files.showInFolder': { input: z.object({ path: z.string().min(1).max(4096) }), output: z.object({ shown: z.boolean() }) },

  // — issue 9: the customer report (add report requests below this line) —
  /** A settled procedure's report: the HTML document, its PDF in the vault (null until printed) and why the last print failed. */
  'reports.get': { input: z.object({ id }), output: reportStateSchema },
  /** Prints the report again and keeps the new PDF in the vault ("Create the report again"). */
  'reports.create': { input: z.object({ id }), output: reportStateSchema },
  /** "Save as…" of the PDF (as kept in the vault) or the HTML; `saved` null when the operator cancelled. */
  'reports.saveAs': {
    input: z.object({ id, format: z.enum(['pdf', 'html']) }),
    output: z.object({ saved: z.object({ path: z.string(), fileName: z.string(), size: z.number(), sha256: z.string() }).nullable() }),
  },

  // — issue 9: the journal that proves itself, exports, support bundle (below this line) —
  /** The procedure's journal on disk checked line by line against its chain and its head record. */
  'journal.verify': { input: z.object({ id }), output: journalVerificationSchema },
  /** "Export JSONL…" (the journal's bytes, then a seal line) or "Export CSV…" (for reading); null when the operator cancelled. */
  'journal.export': { input: z.object({ id, format: z.enum(['jsonl', 'csv']) }), output: journalExportSchema.nullable() },
  /** Writes the support bundle (zip: journal, diagnostics, versions, view, manifest of hashes) into the vault. */
  'support.bundle': { input: z.object({ id }), output: supportBundleSchema },
  /** "Save as…" for a support bundle of this procedure in the vault; null when the operator cancelled. */
  'support.saveBundle': { input: z.object({ id, vaultId: id }), output: savedCopySchema.nullable() },

  // — issue 9: client aftercare (below this line) —

  // — issue 9: history and sites export/import (below this line) —
  /**
   * Writes every site (the practice lab's aside) and its appliances to a file the operator
   * chooses ("Save as…"), without secrets. `saved` false: the dialog was cancelled.
   */
  'sites.export': {
    input: z.object({}),
    output: z.object({
      saved: z.boolean(),
      sites: z.number().int(),
      path: z.string().optional(),
      fileName: z.string().optional(),
      sha256: z.string().optional(),
    }),
  },
  /**
   * Reads a sites export the operator chooses ("Open…"): a truncated, foreign or newer file is
   * refused whole; sites already here (same id or appliance address) are skipped. Imported
   * appliances have no stored credentials. `chosen` false: the dialog was cancelled.
   */
  'sites.import': {
    input: z.object({}),
    output: z.object({
      chosen: z.boolean(),
      fileName: z.string().optional(),
      imported: z.array(z.object({ id: z.string(), name: z.string() })),
      skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })),
    }),
  },

} as const;

export const events = {
  'procedures.updated': procedureViewSchema,
  'progress': progressSchema,
  'sites.updated': z.array(siteSchema),
} as const;

export type Requests = typeof requests;
export type Channel = keyof Requests;
export type RequestInput<C extends Channel> = z.input<Requests[C]['input']>;
export type RequestOutput<C extends Channel> = z.output<Requests[C]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channels = Object.keys(requests) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

/** What crosses any transport as the answer to a request. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; hint: string; details?: Record<string, unknown> } };

/** The API the preload exposes as `window.assistant` (and the harness shim imitates). */
export interface AssistantApi {
  invoke<C extends Channel>(channel: C, input: RequestInput<C>): Promise<Reply<RequestOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The IPC channel names used by preload and main; the only place they are spelled. */
export const IPC_INVOKE = 'assistant:invoke';
export const IPC_EVENT = 'assistant:event';
