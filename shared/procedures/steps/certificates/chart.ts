/**
 * The certificate phase: the assistant exports the SSL certificate with key and chain through the
 * appliance's Export form, protected by a passphrase the operator types (or takes a file the
 * operator exported), keeps it in the vault and checks it (R2, or a skip with a reason where it is
 * only recommended); then it probes the certificate the site presents and checks it against that
 * file (R3), and the operator checks the certificate stores. State-config builders with absolute
 * targets. The passphrase never reaches the machine: the host keeps it in memory (actors.ts).
 */
import { checkCertificateExport, checkCertificateFile, type CertificateExportDecision } from '../../../rules/certificate-export';
import { checkCertificateHealth } from '../../../rules/certificate-health';
import type { CertificateFileRecord, CertificateSource, ExportCertificateInput, ProbeCertificateOutput } from '../../actors';
import type { JournalParams } from '../../definition';
import { actorInput, failWith, recordDone, retryTo, stepError } from '../../machine-helpers';
import { toAppErrorShape } from '../../../errors';
import { cancelFrom } from '../cancel';
import { keptCertificateFile, type ContextArgs, type DoneArgs, type FailureArgs, type OperatorEventArgs } from '../context';

const STEP = 'export-certificate';

export interface CertificateExportOptions {
  /** A hardware migration cannot go on without a good file: no skip, no going on despite problems. */
  required: boolean;
}

function journalOperator(event: string, detail: string | ((args: OperatorEventArgs) => string), outcome: JournalParams['outcome'] = 'info') {
  return {
    type: 'journal',
    params: (args: OperatorEventArgs): JournalParams => ({
      step: STEP,
      event,
      outcome,
      who: 'operator',
      detail: typeof detail === 'string' ? detail : detail(args),
    }),
  } as const;
}

/** The assistant exports through the appliance's Export form; the passphrase was typed with this event. */
const exportNow = {
  target: 'exporting',
  actions: [
    { type: 'clearError' },
    { type: 'recordCertificateSource', params: (): CertificateSource => ({ kind: 'export' }) },
    journalOperator('EXPORT', 'Asked the assistant to export the certificate with its private key and chain; the passphrase is held in memory only.'),
  ],
} as const;

/** The operator names a file they exported themselves; its passphrase is asked next. */
const useFile = {
  guard: 'hasValue',
  target: 'ask-file-passphrase',
  actions: [
    { type: 'clearError' },
    { type: 'recordCertificateSource', params: ({ event }: OperatorEventArgs): CertificateSource => ({ kind: 'file', path: (event.value ?? '').trim() }) },
    journalOperator('USE_FILE', ({ event }) => `Gave the certificate file ${(event.value ?? '').trim()}.`),
  ],
} as const;

function exportedDecision(file: CertificateFileRecord | null | undefined, at: string, riskNote?: string): CertificateExportDecision {
  return { kind: 'exported', at, vaultId: file?.vaultId ?? '', sha256: file?.sha256 ?? '', ...(riskNote === undefined ? {} : { riskNote }) };
}

export function exportCertificateStep(machine: string, next: string, options: CertificateExportOptions) {
  const target = `#${machine}.${next}`;
  const cancel = cancelFrom(machine, STEP);
  const skip = {
    SKIP: {
      guard: 'hasNote',
      target,
      actions: [
        { type: 'clearError' },
        { type: 'clearCertificateFile' },
        { type: 'recordCertificateSource', params: (): CertificateSource | null => null },
        {
          type: 'recordCertificateExport',
          params: ({ event }: OperatorEventArgs): CertificateExportDecision => ({ kind: 'skipped', at: event.at, note: event.note ?? '' }),
        },
        journalOperator('SKIP', ({ event }) => checkCertificateExport({ kind: 'skipped', at: event.at, note: event.note ?? '' }, { required: false }).reason),
      ],
    },
  } as const;
  const acceptRisk = {
    ACCEPT_RISK: {
      guard: 'hasNote',
      target,
      actions: [
        {
          type: 'recordCertificateExport',
          params: ({ context, event }: ContextArgs & OperatorEventArgs) => exportedDecision(context.certificateFile, event.at, event.note ?? ''),
        },
        {
          type: 'journal',
          params: ({ context, event }: ContextArgs & OperatorEventArgs): JournalParams => ({
            step: STEP,
            event: 'ACCEPT_RISK',
            outcome: 'info',
            who: 'operator',
            detail: checkCertificateExport(exportedDecision(context.certificateFile, event.at, event.note ?? ''), { required: false, file: context.certificateFile })
              .reason,
          }),
        },
      ],
    },
  } as const;
  return {
    initial: 'ask',
    states: {
      ask: {
        on: { EXPORT: exportNow, USE_FILE: useFile, ...(options.required ? {} : skip), CANCEL: cancel },
      },
      'ask-file-passphrase': {
        on: {
          OPEN_FILE: {
            target: 'exporting',
            actions: [{ type: 'clearError' }, journalOperator('OPEN_FILE', 'Gave the passphrase of the file; it is held in memory only.')],
          },
          USE_FILE: useFile,
          CANCEL: cancel,
        },
      },
      exporting: {
        // A new attempt replaces whatever an earlier one kept: nothing is judged on an old file.
        entry: { type: 'clearCertificateFile' },
        invoke: {
          id: 'exportCertificate',
          src: 'exportCertificate',
          input: ({ context }: ContextArgs): ExportCertificateInput => ({
            ...actorInput(context, STEP),
            source: context.certificateSource ?? { kind: 'export' },
          }),
          onDone: recordDone('judging', 'recordCertificateFile', STEP, 'CERTIFICATE_CHECKED', (file: CertificateFileRecord) => {
            const verdict = checkCertificateFile(file);
            return { outcome: verdict.holds ? 'ok' : 'blocked', detail: verdict.reason, checksums: { [file.fileName]: file.sha256 } };
          }),
          onError: [
            {
              guard: { type: 'isPassphraseNeeded', params: ({ event }: FailureArgs) => ({ error: event.error }) },
              target: 'ask',
              actions: [
                { type: 'recordError', params: ({ event }: FailureArgs) => stepError(STEP, event.error) },
                {
                  type: 'journal',
                  params: ({ event }: FailureArgs): JournalParams => ({
                    step: STEP,
                    event: 'PASSPHRASE_NEEDED',
                    outcome: 'info',
                    who: 'assistant',
                    detail: toAppErrorShape(event.error).message,
                  }),
                },
              ],
            },
            failWith('failed', STEP, 'EXPORT_FAILED'),
          ],
        },
        on: { CANCEL: cancel },
      },
      judging: {
        always: [{ guard: 'certificateFileIsGood', target: 'checked' }, { target: 'problems' }],
      },
      checked: {
        on: {
          CONFIRM: {
            target,
            actions: [
              { type: 'recordCertificateExport', params: ({ context, event }: ContextArgs & OperatorEventArgs) => exportedDecision(context.certificateFile, event.at) },
              {
                type: 'journal',
                params: ({ context, event }: ContextArgs & OperatorEventArgs): JournalParams => ({
                  step: STEP,
                  event: 'CONFIRM',
                  outcome: 'ok',
                  who: 'operator',
                  detail: checkCertificateExport(exportedDecision(context.certificateFile, event.at), { required: options.required, file: context.certificateFile })
                    .reason,
                }),
              },
            ],
          },
          CANCEL: cancel,
        },
      },
      problems: {
        on: { EXPORT: exportNow, USE_FILE: useFile, ...(options.required ? {} : acceptRisk), CANCEL: cancel },
      },
      failed: {
        on: { RETRY: retryTo('ask', STEP), CANCEL: cancel },
      },
    },
  } as const;
}

export function certificateHealthStep(machine: string, next: string) {
  const target = `#${machine}.${next}`;
  return {
    initial: 'probing',
    states: {
      probing: {
        entry: { type: 'clearProbe' },
        invoke: {
          id: 'probeCertificate',
          src: 'probeCertificate',
          input: ({ context }: ContextArgs) => actorInput(context, 'certificate-health'),
          // Judged with the certificate file R2 kept, when there is one: it must be the certificate presented.
          onDone: {
            target: 'judging',
            actions: [
              { type: 'recordProbe', params: ({ event }: DoneArgs<ProbeCertificateOutput>) => event.output },
              {
                type: 'journal',
                params: ({ context, event }: ContextArgs & DoneArgs<ProbeCertificateOutput>): JournalParams => {
                  const verdict = checkCertificateHealth(event.output, keptCertificateFile(context));
                  return { step: 'certificate-health', event: 'PROBED', outcome: verdict.holds ? 'ok' : 'blocked', who: 'assistant', detail: verdict.reason };
                },
              },
            ],
          },
          onError: failWith('probe-failed', 'certificate-health', 'PROBE_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, 'certificate-health') },
      },
      judging: {
        always: [{ guard: 'certificateIsHealthy', target: 'healthy' }, { target: 'unhealthy' }],
      },
      healthy: {
        on: {
          CONFIRM: {
            target,
            actions: {
              type: 'journal',
              params: {
                step: 'certificate-health',
                event: 'CONFIRM',
                outcome: 'ok',
                who: 'operator',
                detail: 'Certificate healthy; the operator checked the certificate stores.',
              } satisfies JournalParams,
            },
          },
          RECHECK: 'probing',
          CANCEL: cancelFrom(machine, 'certificate-health'),
        },
      },
      unhealthy: {
        on: {
          RECHECK: 'probing',
          ACCEPT_RISK: {
            guard: 'hasNote',
            target,
            actions: [
              { type: 'recordRiskAccepted', params: ({ event }: OperatorEventArgs) => ({ at: event.at, note: event.note ?? '' }) },
              {
                type: 'journal',
                params: ({ context, event }: ContextArgs & OperatorEventArgs): JournalParams => ({
                  step: 'certificate-health',
                  event: 'ACCEPT_RISK',
                  outcome: 'info',
                  who: 'operator',
                  detail: `Went on despite: ${checkCertificateHealth(context.certificateProbe, keptCertificateFile(context)).reason} Reason given: ${event.note ?? ''}`,
                }),
              },
            ],
          },
          CANCEL: cancelFrom(machine, 'certificate-health'),
        },
      },
      'probe-failed': {
        on: { RETRY: retryTo('probing', 'certificate-health'), CANCEL: cancelFrom(machine, 'certificate-health') },
      },
    },
  } as const;
}
