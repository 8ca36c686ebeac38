/**
 * P5's certificate steps on the new appliance: the checked file from the vault imported (never
 * without one), its warnings resolved or accepted with a reason, and the certificate assigned to
 * the new appliance's IP — after which the new appliance must present exactly the file's
 * certificate, or the step blocks. State-config builders with absolute targets.
 */
import { actorInput, failWith, retryTo } from '../machine-helpers';
import type {
  AssignCertificateInput,
  AssignCertificateOutput,
  ImportCertificateInput,
  ImportCertificateOutput,
  ReadCertificateWarningsInput,
  ReadCertificateWarningsOutput,
} from './actors';
import { cancel, journal, to, type Args, type DoneOf, type EventArgs } from './context';

const IMPORT = 'import-certificate';

function describeWarnings(warnings: readonly { text: string }[]): string {
  return warnings.length === 0 ? 'no warnings' : warnings.map((warning) => warning.text).join(' ');
}

/** The passphrase reaches the host's memory, never the machine: the event carries no value. */
const passphraseGiven = {
  target: 'importing',
  actions: [
    { type: 'clearError' },
    journal({ step: IMPORT, event: 'GIVE_PASSPHRASE', outcome: 'info', who: 'operator' }, 'The operator typed the file’s passphrase again (not recorded).'),
  ],
} as const;

export function importCertificateStep() {
  return {
    initial: 'judging',
    states: {
      // The certificate file in the vault and checked before anything is imported.
      judging: {
        always: [
          { guard: 'certificateFileReady', target: 'importing' },
          {
            target: 'no-file',
            actions: journal(
              { step: IMPORT, event: 'NO_CERTIFICATE_FILE', outcome: 'blocked', who: 'assistant' },
              'No checked certificate file in the vault yet, so there is nothing to import.',
            ),
          },
        ],
      },
      'no-file': { on: { BACK_TO_EXPORT: to('export-certificate'), CANCEL: cancel(IMPORT) } },
      importing: {
        invoke: {
          id: 'importCertificate',
          src: 'importCertificate',
          input: ({ context }: Args): ImportCertificateInput => ({
            ...actorInput(context, IMPORT),
            appliance: 'new',
            vaultId: context.certificateFile?.vaultId ?? '',
            fileName: context.certificateFile?.fileName ?? '',
            sha256: context.certificateFile?.sha256 ?? '',
            fingerprint256: context.certificateFile?.fingerprint256 ?? '',
          }),
          onDone: {
            target: to('resolve-warnings'),
            actions: [
              { type: 'recordCertificateImport', params: ({ event }: DoneOf<ImportCertificateOutput>) => event.output },
              journal<Args & DoneOf<ImportCertificateOutput>>({ step: IMPORT, event: 'CERTIFICATE_IMPORTED', outcome: 'ok', who: 'assistant' }, ({ context, event }) => {
                return `Imported ${context.certificateFile?.fileName ?? 'the certificate file'} on the new appliance; it lists ${describeWarnings(event.output.warnings)}`;
              }),
            ],
          },
          onError: failWith('failed', IMPORT, 'IMPORT_FAILED'),
        },
        on: { CANCEL: cancel(IMPORT) },
      },
      failed: { on: { GIVE_PASSPHRASE: passphraseGiven, RETRY: retryTo('importing', IMPORT), CANCEL: cancel(IMPORT) } },
    },
  } as const;
}

const RESOLVE = 'resolve-warnings';

export function resolveWarningsStep() {
  return {
    initial: 'judging',
    states: {
      judging: {
        always: [
          {
            guard: 'noCertificateWarnings',
            target: to('assign-ip'),
            actions: journal(
              { step: RESOLVE, event: 'NO_WARNINGS', outcome: 'ok', who: 'assistant' },
              'The new appliance lists no warning for the imported certificate.',
            ),
          },
          {
            target: 'open',
            actions: journal<Args>({ step: RESOLVE, event: 'WARNINGS', outcome: 'blocked', who: 'assistant' }, ({ context }) =>
              describeWarnings(context.certificateWarnings ?? []),
            ),
          },
        ],
      },
      open: {
        on: {
          RECHECK: 'reading',
          ACCEPT_RISK: {
            guard: 'hasNote',
            target: to('assign-ip'),
            actions: [
              { type: 'recordWarningsAccepted', params: ({ event }: EventArgs) => ({ at: event.at, note: event.note ?? '' }) },
              journal<Args & EventArgs>(
                { step: RESOLVE, event: 'ACCEPT_RISK', outcome: 'info', who: 'operator' },
                ({ context, event }) => `Went on despite: ${describeWarnings(context.certificateWarnings ?? [])} Reason given: ${event.note ?? ''}`,
              ),
            ],
          },
          CANCEL: cancel(RESOLVE),
        },
      },
      reading: {
        invoke: {
          id: 'readCertificateWarnings',
          src: 'readCertificateWarnings',
          input: ({ context }: Args): ReadCertificateWarningsInput => ({
            ...actorInput(context, RESOLVE),
            appliance: 'new',
            certificateId: context.certificateImport?.certificateId ?? '',
          }),
          onDone: {
            target: 'judging',
            actions: { type: 'recordCertificateWarnings', params: ({ event }: DoneOf<ReadCertificateWarningsOutput>) => event.output },
          },
          onError: failWith('failed', RESOLVE, 'WARNINGS_NOT_READ'),
        },
        on: { CANCEL: cancel(RESOLVE) },
      },
      failed: { on: { RETRY: retryTo('reading', RESOLVE), CANCEL: cancel(RESOLVE) } },
    },
  } as const;
}

const ASSIGN = 'assign-ip';

export function assignIpStep() {
  return {
    initial: 'assigning',
    states: {
      assigning: {
        invoke: {
          id: 'assignCertificate',
          src: 'assignCertificate',
          input: ({ context }: Args): AssignCertificateInput => ({
            ...actorInput(context, ASSIGN),
            appliance: 'new',
            certificateId: context.certificateImport?.certificateId ?? '',
            ip: context.passwordChanged?.facts.ip ?? '',
            expectFingerprint256: context.certificateFile?.fingerprint256 ?? '',
          }),
          onDone: [
            {
              guard: { type: 'presentsFileCertificate', params: ({ event }: DoneOf<AssignCertificateOutput>) => ({ result: event.output }) },
              target: to('accept-eula'),
              actions: [
                { type: 'recordCertificateAssigned', params: ({ event }: DoneOf<AssignCertificateOutput>) => event.output },
                journal<Args & DoneOf<AssignCertificateOutput>>(
                  { step: ASSIGN, event: 'CERTIFICATE_ASSIGNED', outcome: 'ok', who: 'assistant' },
                  ({ context, event }) =>
                    `Assigned to ${context.passwordChanged?.facts.ip ?? 'the new appliance’s IP'}; the new appliance now presents SHA-256 ${event.output.presentedFingerprint256}, the certificate of the file, and is trusted by it.`,
                ),
              ],
            },
            {
              target: 'mismatch',
              actions: [
                { type: 'recordCertificateAssigned', params: ({ event }: DoneOf<AssignCertificateOutput>) => event.output },
                journal<Args & DoneOf<AssignCertificateOutput>>(
                  { step: ASSIGN, event: 'CERTIFICATE_MISMATCH', outcome: 'blocked', who: 'assistant' },
                  ({ context, event }) =>
                    `The new appliance presents SHA-256 ${event.output.presentedFingerprint256}, not the file’s ${context.certificateFile?.fingerprint256 ?? ''}.`,
                ),
              ],
            },
          ],
          onError: failWith('failed', ASSIGN, 'ASSIGN_FAILED'),
        },
        on: { CANCEL: cancel(ASSIGN) },
      },
      mismatch: { on: { RECHECK: 'assigning', CANCEL: cancel(ASSIGN) } },
      failed: { on: { RETRY: retryTo('assigning', ASSIGN), CANCEL: cancel(ASSIGN) } },
    },
  } as const;
}
