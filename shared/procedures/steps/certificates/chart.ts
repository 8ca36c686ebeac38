/**
 * The certificate phase: the operator exports the SSL certificate with key and chain (R2, or
 * skips it with a reason), then the assistant probes the certificate the site presents (R3) and
 * the operator checks the certificate stores. State-config builders with absolute targets.
 */
import { checkCertificateExport, type CertificateExportDecision } from '../../../rules/certificate-export';
import { checkCertificateHealth } from '../../../rules/certificate-health';
import type { ProbeCertificateOutput } from '../../actors';
import type { JournalParams } from '../../definition';
import { actorInput, failWith, recordDone, retryTo } from '../../machine-helpers';
import { cancelFrom } from '../cancel';
import type { ContextArgs, OperatorEventArgs } from '../context';

/**
 * `options.required` (a hardware migration) is the certificate phase's to honour; this builder
 * does not read it yet.
 */
export function exportCertificateStep(machine: string, next: string, _options?: { required: boolean }) {
  return {
    on: {
      CONFIRM: {
        target: `#${machine}.${next}`,
        actions: [
          { type: 'recordCertificateExport', params: ({ event }: OperatorEventArgs): CertificateExportDecision => ({ kind: 'exported', at: event.at }) },
          {
            type: 'journal',
            params: {
              step: 'export-certificate',
              event: 'CONFIRM',
              outcome: 'ok',
              who: 'operator',
              detail: checkCertificateExport({ kind: 'exported', at: '' }, { required: false }).reason,
            } satisfies JournalParams,
          },
        ],
      },
      SKIP: {
        guard: 'hasNote',
        target: `#${machine}.${next}`,
        actions: [
          {
            type: 'recordCertificateExport',
            params: ({ event }: OperatorEventArgs): CertificateExportDecision => ({ kind: 'skipped', at: event.at, note: event.note ?? '' }),
          },
          {
            type: 'journal',
            params: ({ event }: OperatorEventArgs): JournalParams => ({
              step: 'export-certificate',
              event: 'SKIP',
              outcome: 'info',
              who: 'operator',
              detail: checkCertificateExport({ kind: 'skipped', at: event.at, note: event.note ?? '' }, { required: false }).reason,
            }),
          },
        ],
      },
      CANCEL: cancelFrom(machine, 'export-certificate'),
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
          onDone: recordDone('judging', 'recordProbe', 'certificate-health', 'PROBED', (probe: ProbeCertificateOutput) => {
            const verdict = checkCertificateHealth(probe);
            return { outcome: verdict.holds ? 'ok' : 'blocked', detail: verdict.reason };
          }),
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
                  detail: `Went on despite: ${checkCertificateHealth(context.certificateProbe).reason} Reason given: ${event.note ?? ''}`,
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
