/**
 * How a procedure plugs into the host (electron/services/procedures). A definition is pure:
 * the machine names its side effects (shared/procedures/actors.ts) and the host provides them.
 */
import type { AnyStateMachine } from 'xstate';
import type { ReportFacts, ReportFactsInput } from '../report/model';
import type { ProcedureKind, ProcedureView } from './view';

export interface ProcedureInput {
  procedureId: string;
  siteId: string;
  siteName: string;
  /** https://host[:port] of the appliance, for page links. */
  applianceUrl: string;
  /** Operator name recorded in the journal. */
  operator: string;
}

/** Parameters of the named action `journal` that machines call; the host appends them. */
export interface JournalParams {
  step: string;
  event: string;
  outcome: 'ok' | 'failed' | 'info' | 'blocked';
  who?: 'operator' | 'assistant';
  detail?: string;
  checksums?: Record<string, string>;
}

/** The part of a (persisted) snapshot a view reads. */
export interface SnapshotLike {
  status: string;
  value: unknown;
  context: unknown;
}

export type ProcedureViewPart = Pick<ProcedureView, 'status' | 'currentStepId' | 'steps' | 'banner' | 'progress' | 'statusLabel' | 'attention'>;

export interface ProcedureDefinition {
  kind: ProcedureKind;
  title: string;
  /** Unprovided machine; its input is ProcedureInput. */
  machine: AnyStateMachine;
  view(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart;
  /** The customer report's appliances, versions, windows and files, read from the (persisted) context. */
  reportFacts?(context: unknown, input: ProcedureInput, site: ReportFactsInput): ReportFacts;
}

/**
 * Operator events reach machines as `{ type, at, note?, value? }`: `at` is the host's ISO time of the
 * click, so machines never read a clock.
 */
export interface TimedOperatorEvent {
  type: string;
  at: string;
  note?: string;
  /** The value the step asked for (OperatorEvent.value): a typed key, a drive or folder path. */
  value?: string;
}
