/**
 * Builds the customer report's model from what the host and the vault hold of a procedure: its
 * view (steps, outcome), its journal (who did each step and when, the operator's notes), the
 * facts its definition reads from its context, the vault entries those facts name, and the
 * windows already measured by the site watch. Pure: every input is given.
 */
import type { JournalEntry, VaultEntry } from '../../../shared/domain';
import type { CustomerReport, ReportFacts, ReportFile, ReportNote, ReportRule, ReportStep, ReportWindow } from '../../../shared/report/model';
import type { ProcedureView, StepView } from '../../../shared/procedures/view';
import { RULE_REASONS } from '../../../shared/rules/rule-reasons';
import { journalLines, lineDigest } from '../../../shared/journal-chain';

/** Journal events the report itself writes: they say nothing about the procedure's steps. */
const REPORT_EVENTS: ReadonlySet<string> = new Set(['REPORT_SAVED', 'REPORT_FAILED']);

/**
 * The journal line the report vouches for: the last chained line the procedure wrote (the report's
 * own lines come after it), with its number and SHA-256. Null when no line is chained.
 */
export function journalAnchor(bytes: Uint8Array): { lines: number; head: string } | null {
  const lines = journalLines(bytes);
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] as Uint8Array;
    let entry: { prev?: unknown; event?: unknown };
    try {
      entry = JSON.parse(Buffer.from(line).toString('utf8')) as typeof entry;
    } catch {
      continue;
    }
    if (typeof entry.prev !== 'string' || REPORT_EVENTS.has(String(entry.event))) continue;
    return { lines: index + 1, head: lineDigest(line) };
  }
  return null;
}

export interface AssemblyInput {
  view: ProcedureView;
  journal: readonly JournalEntry[];
  /** The journal's exact bytes, for the line the report vouches for (absent: not vouched for). */
  journalBytes?: Uint8Array;
  facts: ReportFacts;
  windows: ReportWindow[];
  operator: string;
  siteHostname: string | null;
  generatedAt: string;
  vaultEntry(id: string): VaultEntry | undefined;
}

export function outcomeWords(view: Pick<ProcedureView, 'status' | 'statusLabel'>): string {
  switch (view.status) {
    case 'done':
      return 'Complete';
    case 'cancelled':
      return view.statusLabel ?? 'Cancelled';
    case 'support':
      return 'Ended — contact support';
    case 'active':
      return 'In progress';
  }
}

const whoOf = (entry: JournalEntry, operator: string) => (entry.who === 'operator' ? operator : 'assistant');

/** A restart is journaled at the step it resumed; it says nothing about who did the step. */
const NOT_A_STEP_ACT: ReadonlySet<string> = new Set(['RESUMED']);

function stepsOf(input: AssemblyInput, lines: readonly JournalEntry[]): ReportStep[] {
  return input.view.steps.map((step, index) => {
    const last = lines.filter((line) => line.step === step.id && !NOT_A_STEP_ACT.has(line.event)).at(-1);
    const outcome = step.error?.message ?? step.verification?.text ?? last?.detail ?? '';
    return {
      number: index + 1,
      title: step.title,
      status: step.status,
      who: last ? whoOf(last, input.operator) : null,
      at: last?.at ?? null,
      outcome,
    };
  });
}

/** The operator's own words: every line of theirs that carries a note or detail (the start line is the assistant's wording). */
function notesOf(input: AssemblyInput, lines: readonly JournalEntry[]): ReportNote[] {
  const titles = new Map(input.view.steps.map((step) => [step.id, step.title]));
  return lines
    .filter((line) => line.who === 'operator' && line.detail !== undefined && line.detail.trim() !== '' && line.event !== 'START')
    .map((line) => ({ at: line.at, who: input.operator, step: titles.get(line.step) ?? line.step, text: line.detail ?? '' }));
}

const taken = (step: StepView) => step.status === 'done' || step.status === 'failed' || step.status === 'blocked' || step.status === 'active';

function rulesOf(view: ProcedureView): ReportRule[] {
  const byCode = new Map<string, string[]>();
  for (const step of view.steps.filter(taken)) {
    for (const code of step.rules) byCode.set(code, [...(byCode.get(code) ?? []), step.title]);
  }
  const number = (code: string) => Number(code.replace(/\D/g, '')) || 0;
  return [...byCode.entries()]
    .filter(([code]) => RULE_REASONS[code] !== undefined)
    .sort(([a], [b]) => number(a) - number(b))
    .map(([code, steps]) => ({ code, meaning: RULE_REASONS[code] ?? '', steps }));
}

/** The index of the step where a cancelled or support-ended procedure stopped; -1 otherwise. */
function stopIndex(view: ProcedureView): number {
  if (view.status === 'cancelled') {
    const at = /step (\d+)/.exec(view.statusLabel ?? '');
    return at ? Number(at[1]) - 1 : -1;
  }
  if (view.status === 'support') return view.steps.findIndex((step) => step.id === view.currentStepId);
  return -1;
}

/** Steps not done (failed, blocked, or left by a cancel or support end) and unticked items of steps taken. */
export function openItemsOf(view: ProcedureView): string[] {
  const stop = stopIndex(view);
  const items: string[] = [];
  view.steps.forEach((step, index) => {
    const name = `Step ${index + 1}, ${step.title}`;
    if (step.status === 'failed' || step.status === 'blocked') {
      items.push(`${name}: ${step.status === 'failed' ? 'failed' : 'blocked'}${step.error ? ` — ${step.error.message}` : ''}`);
    } else if (stop >= 0 && index >= stop && (step.status === 'skipped' || step.status === 'pending' || step.status === 'active')) {
      items.push(`${name}: not done`);
    } else if (view.status === 'active' && step.status !== 'done' && step.status !== 'skipped') {
      items.push(`${name}: not done yet`);
    }
    if (step.status === 'done' || step.status === 'active') {
      for (const item of step.items ?? []) {
        if (item.status !== 'done' && item.status !== 'skipped') items.push(`${name}: “${item.label}” not ticked off`);
      }
    }
  });
  if (view.status === 'support' && view.banner) items.push(`${view.banner.title}: ${view.banner.text}`);
  return items;
}

/** The facts' files with their vault entries' names, sizes and times; each file once. */
function filesOf(input: AssemblyInput): ReportFile[] {
  const seen = new Set<string>();
  const files: ReportFile[] = [];
  for (const file of input.facts.files) {
    const key = `${file.kind}:${file.sha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = file.vaultId !== undefined ? input.vaultEntry(file.vaultId) : undefined;
    files.push({
      ...file,
      fileName: file.fileName || entry?.fileName || '—',
      size: file.size ?? entry?.size ?? null,
      at: file.at ?? entry?.createdAt ?? null,
    });
  }
  return files;
}

export function assembleReport(input: AssemblyInput): CustomerReport {
  const { view } = input;
  // Lines the report wrote of itself are not part of the procedure's own story.
  const lines = input.journal.filter((line) => !REPORT_EVENTS.has(line.event));
  return {
    generatedAt: input.generatedAt,
    site: { id: view.siteId, name: view.siteName, hostname: input.siteHostname },
    procedure: {
      id: view.id,
      kind: view.kind,
      title: view.title,
      status: view.status,
      outcome: outcomeWords(view),
      startedAt: view.startedAt,
      endedAt: view.updatedAt,
    },
    technician: input.operator,
    appliances: input.facts.appliances,
    versions: input.facts.versions,
    steps: stepsOf(input, lines),
    notes: notesOf(input, lines),
    files: filesOf(input),
    rules: rulesOf(view),
    windows: input.windows,
    openItems: openItemsOf(view),
    journal: input.journalBytes ? journalAnchor(input.journalBytes) : null,
  };
}
