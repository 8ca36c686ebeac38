/**
 * What every upgrade promises about its certificate step (R2), checked on each state of a graph
 * path: nothing is installed before the export step ended with a checked file in the vault (or,
 * where it is only recommended, a skip or a file with problems, each with a reason), and the
 * machine never holds a passphrase.
 */
import { expect } from 'vitest';
import { checkCertificateExport } from '../../../../../shared/rules/certificate-export';
import type { UpgradeContext } from '../../../../../shared/procedures/steps/context';

/** Words a passphrase would be stored under; none of them may appear in a snapshot's context. */
const SECRET_KEYS = /passphrase|password|secret/i;

function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...keysOf(item)]);
  return [];
}

export function expectCertificateInvariants(context: UpgradeContext, options: { installing: boolean; past: boolean }): void {
  if (options.installing || options.past || context.installStartedAt !== null) {
    const verdict = checkCertificateExport(context.certificateExport, { required: false, file: context.certificateFile });
    expect(verdict.holds, verdict.reason).toBe(true);
    if (context.certificateExport?.kind === 'exported') {
      expect(context.certificateFile?.vaultId).toBe(context.certificateExport.vaultId);
      expect(context.certificateFile?.sha256).toBe(context.certificateExport.sha256);
    }
  }
  expect(keysOf(context).filter((key) => SECRET_KEYS.test(key))).toEqual([]);
}
