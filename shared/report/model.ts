/**
 * The customer report: what a technician hands over at the end of a procedure. Main assembles
 * it (electron/services/reports) from the procedure's record, view, journal and vault files; one
 * pure function renders it (render-html.ts). Every field is plain JSON and already in words,
 * except times (ISO) and durations (seconds), which the renderer formats.
 */

/** One appliance the procedure worked on. */
export interface ReportAppliance {
  /** What the operator calls it (the site's label), else its host. */
  name: string;
  /** https://host[:port] of its own interface, or its host/IP where only that is known. */
  address: string;
  /** Its part in the procedure, in words: "The appliance serving the site", "Primary (A)". */
  role: string;
  serial?: string;
}

/** As the procedures' contexts hold them. */
export interface ReportVersionPair {
  siteVersion: string;
  baseVersion: string;
}

/** Versions before and after, per appliance; null where the procedure never read them. */
export interface ReportVersions {
  appliance: string;
  before: ReportVersionPair | null;
  after: ReportVersionPair | null;
}

export type ReportFileKind = 'backup' | 'certificate' | 'package' | 'diagnostics' | 'key';

/** A file the procedure made or kept, with its full SHA-256. */
export interface ReportFile {
  kind: ReportFileKind;
  /** What it is, in words: "Backup before the upgrade (A)". */
  label: string;
  fileName: string;
  sha256: string;
  size: number | null;
  at: string | null;
  /** The vault entry, where the file is kept there: the assembly fills name, size and time from it. */
  vaultId?: string;
}

/** Downtime the site watch measured over a span, or why it was not. */
export type ReportDowntime =
  | { measured: true; from: string; to: string; downSeconds: number; unwatchedSeconds: number }
  | { measured: false; reason: string };

/** A maintenance window as a procedure records it (facts), before the site watch is asked. */
export interface FactWindow {
  label: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  startedAt: string | null;
  /** Null while unknown: for a window that started, the assembly takes the procedure's end. */
  endedAt: string | null;
  /** What the procedure itself kept (P3/P4 per window); undefined: measure through the site watch. */
  downtime?: ReportDowntime;
}

export interface ReportWindow extends FactWindow {
  downtime: ReportDowntime;
}

/** One of the site's appliances as the settings know it, for names in the report. */
export interface ReportSiteAppliance {
  role: string;
  label: string;
  applianceUrl: string;
}

/** What the assembly tells a procedure's reportFacts besides its context. */
export interface ReportFactsInput {
  siteAppliances: readonly ReportSiteAppliance[];
}

/** What a procedure supplies of its own context (ProcedureDefinition.reportFacts), pure. */
export interface ReportFacts {
  appliances: ReportAppliance[];
  versions: ReportVersions[];
  windows: FactWindow[];
  files: ReportFile[];
}

export type ReportStepStatus = 'pending' | 'active' | 'done' | 'failed' | 'skipped' | 'blocked';

export interface ReportStep {
  number: number;
  title: string;
  status: ReportStepStatus;
  /** "assistant" or the operator's name, from the journal's last line of the step. */
  who: string | null;
  at: string | null;
  /** The outcome in words (verification, error or status). */
  outcome: string;
}

export interface ReportNote {
  at: string;
  who: string;
  step: string;
  text: string;
}

export interface ReportRule {
  code: string;
  meaning: string;
  /** Titles of the steps that checked it. */
  steps: string[];
}

export interface CustomerReport {
  generatedAt: string;
  site: { id: string; name: string; hostname: string | null };
  procedure: {
    id: string;
    kind: string;
    title: string;
    status: 'done' | 'cancelled' | 'support' | 'active';
    /** "Complete", "Cancelled at step 4", "Ended — contact support". */
    outcome: string;
    startedAt: string;
    endedAt: string;
  };
  /** The operator who ran it, for the sign-off. */
  technician: string;
  appliances: ReportAppliance[];
  versions: ReportVersions[];
  steps: ReportStep[];
  notes: ReportNote[];
  files: ReportFile[];
  rules: ReportRule[];
  windows: ReportWindow[];
  openItems: string[];
  /**
   * The journal as the report saw it: its line count and the SHA-256 of its last line. Every line
   * carries the digest of the one before, so this digest vouches for every line up to it. Null when
   * the journal has no chained line.
   */
  journal?: { lines: number; head: string } | null;
}
