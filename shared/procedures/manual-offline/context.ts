/**
 * The context and events of P2 (restricted side), and the pure readings of them its steps,
 * guards and view share. The context holds only JSON.
 */
import type {
  CheckApplianceClockOutput,
  FilePackageRef,
  GenerateDownloadKeyOutput,
  ReadKeyFileOutput,
  SaveKeyFileOutput,
  VerifyTransferBundleOutput,
} from '../actors';
import { fails, holds, type RuleVerdict } from '../../rules/rule-verdict';
import type { PackageOrder } from '../../rules/package-order';
import type { UpgradeContext } from '../steps/context';
import { manualOfflineWords, type ManualOfflineOperatorEventType } from './words';

export const MACHINE = 'manualOffline';

/**
 * The restricted side's own fields: the clock, the key and the bundle. P2 holds them for its one
 * appliance; a pair procedure holds them for the appliance it updates manually.
 */
export interface ManualOfflineFields {
  clock: CheckApplianceClockOutput | null;
  downloadKey: GenerateDownloadKeyOutput | null;
  /** The drive the operator chose for the key file. */
  keyMediaPath: string | null;
  keyFile: SaveKeyFileOutput | null;
  /**
   * After a key file read back only through the cache: when the operator said the stick was
   * re-inserted, and the key file as then read from the re-mounted drive. Absent (undefined) in
   * snapshots saved before the re-insert check existed.
   */
  keyReinsertedAt?: string | null;
  keyReread?: ReadKeyFileOutput | null;
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

export interface ManualOfflineContext extends UpgradeContext, ManualOfflineFields {
  /** R4's order of the imported packages, each with its vault file. */
  plan: PackageOrder<FilePackageRef> | null;
}

/** What the manual steps read and write: the shared upgrade context and the fields above (a pair's plan may hold packages without a file). */
export type ManualStepsContext = UpgradeContext & ManualOfflineFields;

export const initialManualOfflineFields: ManualOfflineFields = {
  clock: null,
  downloadKey: null,
  keyMediaPath: null,
  keyFile: null,
  keyReinsertedAt: null,
  keyReread: null,
  keyCopiedByHand: null,
  bundleMediaPath: null,
  bundle: null,
  imported: null,
  codeConfirmedAt: null,
};

export type ManualOfflineEvent = {
  type: ManualOfflineOperatorEventType;
  at: string;
  note?: string;
  value?: string;
};


export type Args = { context: ManualStepsContext };
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

export function importProblem(context: ManualStepsContext, imported: readonly FilePackageRef[]): string {
  const missing = (context.bundle?.packages ?? []).filter((pkg) => !imported.some((held) => held.id === pkg.id && held.sha256 === pkg.sha256 && held.vaultId));
  return `The vault does not hold a verified copy of ${missing.map((pkg) => `${pkg.name} ${pkg.version}`).join(', ') || 'the bundle'}.`;
}

export function codeMismatch(context: Pick<ManualOfflineFields, 'bundle'>): string {
  return `The bundle code on the drive, ${context.bundle?.digestCode ?? ''}, is not the code noted on the connected computer.`;
}

export function describeKey(key: GenerateDownloadKeyOutput): string {
  return `Key for ${key.applianceHostname} (serial ${key.applianceSerial}), site ${key.siteVersion} on Base ${key.baseVersion}, generated at ${key.generatedAt}.`;
}

/** The key file was read back through this computer's cache only: it proves nothing about the stick yet. */
export function keyReadThroughCache(keyFile: Pick<SaveKeyFileOutput, 'readBack'> | null | undefined): boolean {
  return keyFile?.readBack?.from === 'cache';
}

/** The file name of a path written on this or another platform. */
function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/**
 * The key file read from the re-inserted stick is the one written (the newest valid key file
 * there, as the connected side will choose it) and holds the key and appliance as generated.
 * The folder may differ: a stick can come back at another mount point.
 */
export function checkKeyReread(
  keyFile: SaveKeyFileOutput | null | undefined,
  key: GenerateDownloadKeyOutput | null | undefined,
  read: ReadKeyFileOutput | null | undefined,
): RuleVerdict {
  if (!keyFile || !key || !read) return fails('The re-inserted stick has not been checked yet.');
  const name = fileName(keyFile.path);
  if (fileName(read.path) !== name) {
    const ours = read.ignored.find((ignored) => fileName(ignored.path) === name);
    return fails(ours ? manualOfflineWords.keyNotUsable(name, ours.reason) : manualOfflineWords.keyMissing(name, fileName(read.path)));
  }
  const fields: [string, string, string][] = [
    ['the key', read.key, key.key],
    ['the appliance serial', read.applianceSerial, key.applianceSerial],
    ['the appliance name', read.applianceHostname, key.applianceHostname],
    ['the site version', read.siteVersion, key.siteVersion],
    ['the Base version', read.baseVersion, key.baseVersion],
    ['the time the key was made', read.generatedAt, key.generatedAt],
  ];
  const differing = fields.filter(([, found, expected]) => found !== expected).map(([label]) => label);
  if (differing.length > 0) return fails(manualOfflineWords.keyDiffers(name, differing));
  return holds(manualOfflineWords.keyChecked(name));
}

/** The key file counts as saved: read back from the drive, or checked again once the stick was re-inserted. */
export function keyFileProven(context: Pick<ManualOfflineFields, 'keyFile' | 'downloadKey' | 'keyReread'>): boolean {
  if (!context.keyFile) return false;
  return !keyReadThroughCache(context.keyFile) || checkKeyReread(context.keyFile, context.downloadKey, context.keyReread).holds;
}
