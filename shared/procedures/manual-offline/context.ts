/**
 * The context and events of P2 (restricted side), and the pure readings of them its steps,
 * guards and view share. The context holds only JSON.
 */
import type {
  CheckApplianceClockOutput,
  FilePackageRef,
  GenerateDownloadKeyOutput,
  SaveKeyFileOutput,
  VerifyTransferBundleOutput,
} from '../actors';
import type { PackageOrder } from '../../rules/package-order';
import type { UpgradeContext } from '../steps/context';
import type { ManualOfflineOperatorEventType } from './words';

export const MACHINE = 'manualOffline';

export interface ManualOfflineContext extends UpgradeContext {
  /** R4's order of the imported packages, each with its vault file. */
  plan: PackageOrder<FilePackageRef> | null;
  clock: CheckApplianceClockOutput | null;
  downloadKey: GenerateDownloadKeyOutput | null;
  /** The drive the operator chose for the key file. */
  keyMediaPath: string | null;
  keyFile: SaveKeyFileOutput | null;
  /** Set when the operator carried the key across by hand instead. */
  keyCopiedByHand: { at: string; note: string } | null;
  /** The drive the operator said holds the bundle. */
  bundleMediaPath: string | null;
  /** The last verification of a bundle; kept when it failed, so its proof can be shown. */
  bundle: VerifyTransferBundleOutput | null;
  /** The bundle's packages as held in the vault; null until an import was verified. */
  imported: FilePackageRef[] | null;
  /**
   * When the operator said the bundle code on the drive matches the one noted on the connected
   * side; null until then. Absent (undefined) only in snapshots saved before the comparison existed.
   */
  codeConfirmedAt?: string | null;
}

export type ManualOfflineEvent = {
  type: ManualOfflineOperatorEventType;
  at: string;
  note?: string;
  value?: string;
};


export type Args = { context: ManualOfflineContext };
export type OperatorArgs = { event: ManualOfflineEvent };

export function hasValue(event: ManualOfflineEvent): boolean {
  return typeof event.value === 'string' && event.value.trim().length > 0;
}

/** Every package of the verified bundle is in the vault with the same SHA-256: nothing missing, nothing swapped. */
export function isImportComplete(bundle: VerifyTransferBundleOutput | null, imported: readonly FilePackageRef[]): boolean {
  if (!bundle) return false;
  return bundle.packages.every((pkg) =>
    imported.some((held) => held.id === pkg.id && held.sha256 === pkg.sha256 && typeof held.vaultId === 'string' && held.vaultId.length > 0),
  );
}

export function importProblem(context: ManualOfflineContext, imported: readonly FilePackageRef[]): string {
  const missing = (context.bundle?.packages ?? []).filter((pkg) => !imported.some((held) => held.id === pkg.id && held.sha256 === pkg.sha256 && held.vaultId));
  return `The vault does not hold a verified copy of ${missing.map((pkg) => `${pkg.name} ${pkg.version}`).join(', ') || 'the bundle'}.`;
}

export function codeMismatch(context: ManualOfflineContext): string {
  return `The bundle code on the drive, ${context.bundle?.digestCode ?? ''}, is not the code noted on the connected computer.`;
}

export function describeKey(key: GenerateDownloadKeyOutput): string {
  return `Key for ${key.applianceHostname} (serial ${key.applianceSerial}), site ${key.siteVersion} on Base ${key.baseVersion}, generated at ${key.generatedAt}.`;
}

