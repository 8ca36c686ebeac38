/**
 * What the renderer shows of a procedure. Main computes it from the persisted snapshot
 * with the procedure definition's `view()`; the renderer only draws it and sends the
 * events offered in `actions`.
 */
import { z } from 'zod';
import { siteWatchViewSchema } from '../site-watch';
import { errorShapeSchema } from '../domain';

export const stepKindSchema = z.enum(['auto', 'guided', 'decision', 'gate', 'wait']);
export type StepKind = z.infer<typeof stepKindSchema>;

export const stepStatusSchema = z.enum(['pending', 'active', 'done', 'failed', 'skipped', 'blocked']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const stepActionSchema = z.object({
  /** Event type sent back with procedures.send. */
  event: z.string(),
  label: z.string(),
  tone: z.enum(['primary', 'secondary', 'danger']),
  /** Asks the operator to confirm with this sentence before sending. */
  confirm: z.string().optional(),
  /** Label of the confirm dialog's button that sends the event (default: the action's label). */
  confirmLabel: z.string().optional(),
  /** Tone of that button: 'danger' draws it as destructive (red). */
  confirmTone: z.enum(['primary', 'danger']).optional(),
  /** Label of the confirm dialog's button that closes it and sends nothing, e.g. "Keep working". */
  dismissLabel: z.string().optional(),
  /** The event needs a short free-text note from the operator (e.g. why a step is skipped). */
  needsNote: z.boolean().optional(),
  /** The confirm dialog offers a note the operator may leave empty (e.g. why an upgrade is cancelled). */
  noteOptional: z.boolean().optional(),
  /**
   * The event carries a value the operator gives (sent as `value`): typed text, removable
   * media chosen from the live drive list / a folder picker (the value is its path), a secret
   * (a passphrase or password: a masked field; main keeps it in memory only, never in the
   * procedure's record or journal), or a checklist whose every item the operator ticks (the
   * value is the ticked item ids, comma separated).
   */
  input: z
    .object({
      kind: z.enum(['text', 'multiline', 'media', 'secret', 'checklist']),
      label: z.string(),
      placeholder: z.string().optional(),
      /** Preselected value, e.g. the drive the key came from; the operator may choose another. */
      defaultValue: z.string().optional(),
      /** For a secret: the name main keeps it under in memory, where the step's actor reads it (e.g. 'certificate-passphrase'). */
      secretSlot: z.string().optional(),
      /** A secret the assistant may propose: "Generate" fills the field with a strong password, shown once. */
      generate: z.boolean().optional(),
      /** A secret typed twice (a new password): the form sends only when both match. */
      confirmTwice: z.boolean().optional(),
      /** The items of a checklist input. */
      items: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    })
    .optional(),
});
export type StepAction = z.infer<typeof stepActionSchema>;

export const factSchema = z.object({
  label: z.string(),
  value: z.string(),
  mono: z.boolean().optional(),
  tone: z.enum(['ok', 'warn', 'bad', 'neutral']).optional(),
});
export type Fact = z.infer<typeof factSchema>;

export const stepViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: stepKindSchema,
  rules: z.array(z.string()),
  status: stepStatusSchema,
  /** The text a person reads for this step (one place per step: the procedure's step catalogue). */
  instruction: z.string(),
  /** e.g. "/appliance > Updates" */
  pagePath: z.string().optional(),
  /** Absolute https URL of that page on this site's appliance. */
  pageUrl: z.string().optional(),
  facts: z.array(factSchema),
  actions: z.array(stepActionSchema),
  verification: z.object({ ok: z.boolean(), text: z.string() }).optional(),
  error: errorShapeSchema.optional(),
  /** A wait step's deadline, for the visible countdown. */
  wait: z.object({ label: z.string(), startedAt: z.string(), deadline: z.string() }).optional(),
  /**
   * A code the operator compares by eye across the air gap (the bundle's digest code): drawn
   * large, in monospace. The step's actions say what to do with it (note it, or say whether it matches).
   */
  code: z.object({ label: z.string(), value: z.string() }).optional(),
  /**
   * What a long automatic step is doing now (an install: uploading, installing, appliance
   * restarting, verifying the version), since when, and how long it is expected to take. A time
   * left is shown only from a progress event that gives one (Progress.etaSeconds), never invented.
   */
  phase: z
    .object({
      id: z.enum(['uploading', 'installing', 'restarting', 'verifying']),
      label: z.string(),
      /** ISO time this phase's package began (upload or install), for the elapsed time. */
      startedAt: z.string(),
      expected: z.object({ minMinutes: z.number(), maxMinutes: z.number(), text: z.string() }),
      /** The package travels as a file and is uploaded first (manual update); otherwise the appliance fetches it. */
      uploads: z.boolean().optional(),
    })
    .optional(),
  /** A long text the operator reads before acting (e.g. the licence agreement), drawn in a scroll box. */
  document: z.object({ title: z.string(), text: z.string() }).optional(),
  /** Sub-items, e.g. one line per package to install. */
  items: z
    .array(z.object({ label: z.string(), status: stepStatusSchema, detail: z.string().optional() }))
    .optional(),
});
export type StepView = z.infer<typeof stepViewSchema>;

export const procedureKindSchema = z.enum(['P1', 'P2', 'P2-fetch', 'P3', 'P4', 'P5']);
export type ProcedureKind = z.infer<typeof procedureKindSchema>;

export const procedureStatusSchema = z.enum(['active', 'done', 'support', 'cancelled']);
export type ProcedureStatus = z.infer<typeof procedureStatusSchema>;

export const procedureViewSchema = z.object({
  /** What the site watch saw at the site address, live (failover pairs; any procedure that watches). */
  siteWatch: siteWatchViewSchema.optional(),
  id: z.string(),
  kind: procedureKindSchema,
  title: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  status: procedureStatusSchema,
  startedAt: z.string(),
  updatedAt: z.string(),
  currentStepId: z.string().nullable(),
  steps: z.array(stepViewSchema),
  /** Steps done (not skipped, not merely reached) out of the steps this procedure will take. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).optional(),
  /** What the procedure's state is, in words: "In progress", "Needs attention", "Cancelled at step 4", "Complete". */
  statusLabel: z.string().optional(),
  /** The procedure waits for a person because something failed or is blocked (drawn red). */
  attention: z.boolean().optional(),
  /** A terminal or closing message shown above the steps (support state, summary). */
  banner: z
    .object({ tone: z.enum(['ok', 'warn', 'bad', 'info']), title: z.string(), text: z.string() })
    .optional(),
});
export type ProcedureView = z.infer<typeof procedureViewSchema>;

export const procedureSummarySchema = procedureViewSchema.pick({
  id: true,
  kind: true,
  title: true,
  siteId: true,
  siteName: true,
  status: true,
  startedAt: true,
  updatedAt: true,
  currentStepId: true,
  progress: true,
  statusLabel: true,
  attention: true,
}).extend({
  currentStepTitle: z.string().nullable(),
  /** Who started it (the operator recorded in its input), for the history's search. */
  operator: z.string().optional(),
});
export type ProcedureSummary = z.infer<typeof procedureSummarySchema>;

/**
 * A procedure's list line from its view: main builds the list with it, and the renderer keeps
 * its list current with it from each pushed view instead of asking for the whole list again.
 */
export function summaryOfView(view: ProcedureView, operator?: string): ProcedureSummary {
  return {
    id: view.id,
    kind: view.kind,
    title: view.title,
    siteId: view.siteId,
    siteName: view.siteName,
    status: view.status,
    startedAt: view.startedAt,
    updatedAt: view.updatedAt,
    currentStepId: view.currentStepId,
    currentStepTitle: view.steps.find((s) => s.id === view.currentStepId)?.title ?? null,
    // The honest standing (steps done, "Cancelled at step N", "Needs attention") travels with the summary.
    ...(view.progress ? { progress: view.progress } : {}),
    ...(view.statusLabel !== undefined ? { statusLabel: view.statusLabel } : {}),
    ...(view.attention !== undefined ? { attention: view.attention } : {}),
    ...(operator !== undefined ? { operator } : {}),
  };
}

/** An operator event. `at` and `note` are filled by main / the operator; machines never read a clock. */
export const operatorEventSchema = z.object({
  type: z.string().regex(/^[A-Z][A-Z_]*$/),
  note: z.string().max(2000).optional(),
  /** A value the step asks for: a typed key, a chosen folder or drive path, a bundle folder. */
  value: z.string().max(8000).optional(),
});
export type OperatorEvent = z.infer<typeof operatorEventSchema>;
