/**
 * The context and events of P2-fetch (connected side), and the pure readings of them its guards,
 * actions and view share. The context holds only JSON.
 */
import { packageLabel } from '../../package-label';
import type { PackageOrder } from '../../rules/package-order';
import { checkTransferProof } from '../../rules/transfer-proof';
import { fails, holds, type RuleVerdict } from '../../rules/rule-verdict';
import type {
  DownloadUpdateOutput,
  FilePackageRef,
  ReadKeyFileOutput,
  SubmitDownloadKeyOutput,
  VerifyTransferBundleOutput,
  WriteTransferBundleOutput,
} from '../actors';
import type { CancelRecord, StepError } from '../machine-helpers';
import { formatBytes } from '../../sizes';
import { fetchUpdatesWords, type FetchUpdatesOperatorEventType } from './words';

export type DownloadablePackage = SubmitDownloadKeyOutput['packages'][number];

export interface DownloadRecord extends DownloadUpdateOutput {
  pkgId: string;
}

export interface FetchUpdatesContext {
  procedureId: string;
  siteId: string;
  /** Where the key came from: the drive (its path), or typed by the operator. */
  keySource: { kind: 'media'; mediaPath: string } | { kind: 'typed'; at: string } | null;
  keyFile: ReadKeyFileOutput | null;
  /** The key file the operator picked where the drive holds keys for several appliances. Absent in snapshots saved before the choice existed. */
  keyFileName?: string | null;
  key: string | null;
  submission: SubmitDownloadKeyOutput | null;
  /** R4's order of the packages offered; judged against the appliance's Base when the key file names it. */
  plan: PackageOrder<DownloadablePackage> | null;
  downloadStartedAt: string | null;
  /** Index in plan.order of the package being (or next to be) downloaded. */
  downloadIndex: number;
  downloads: DownloadRecord[];
  bundleMediaPath: string | null;
  /** The last write; kept when its read-back failed, so the proof can be shown. */
  written: WriteTransferBundleOutput | null;
  /**
   * After a write read back only through the cache: when the operator said the stick was
   * re-inserted, and the bundle as then verified from the re-mounted drive. Absent (undefined)
   * in snapshots saved before the re-insert check existed.
   */
  reinsertedAt?: string | null;
  driveCheck?: VerifyTransferBundleOutput | null;
  /** When the operator said they noted the bundle code for the arrival comparison. */
  codeNotedAt?: string | null;
  error: StepError | null;
  cancelled: CancelRecord | null;
}

export type FetchUpdatesEvent = {
  type: FetchUpdatesOperatorEventType;
  at: string;
  note?: string;
  value?: string;
};

export const MACHINE = 'fetchUpdates';

export type OperatorArgs = { event: FetchUpdatesEvent };

export function currentDownload(context: FetchUpdatesContext): DownloadablePackage | undefined {
  return context.plan?.order[context.downloadIndex];
}

/** Keys travel in lines and blocks; whitespace is never part of one. */
export function normaliseKey(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, '');
}

export function describeDownloadCheck(pkg: DownloadablePackage, result: DownloadUpdateOutput): { ok: boolean; text: string } {
  if (result.sha256.toLowerCase() !== pkg.sha256.toLowerCase()) {
    return { ok: false, text: `${packageLabel(pkg)} arrived with SHA-256 ${result.sha256}, not ${pkg.sha256} as the update server listed.` };
  }
  if (result.size !== pkg.size) {
    return { ok: false, text: `${packageLabel(pkg)} arrived with ${formatBytes(result.size)} (${result.size} bytes), not ${formatBytes(pkg.size)} (${pkg.size} bytes) as the update server listed.` };
  }
  return { ok: true, text: `${packageLabel(pkg)}: ${formatBytes(result.size)}, SHA-256 ${result.sha256} as listed.` };
}

/** Every planned package has a download whose size and SHA-256 match the server's list. */
export function allDownloadsVerified(context: Pick<FetchUpdatesContext, 'plan' | 'downloads'>): boolean {
  const order = context.plan?.order ?? [];
  return (
    order.length > 0 &&
    order.every((pkg) => {
      const record = context.downloads.find((download) => download.pkgId === pkg.id);
      return record !== undefined && describeDownloadCheck(pkg, record).ok;
    })
  );
}

/** The packages to write, in R4 order, each with the vault file of its verified download. */
export function packagesForBundle(context: FetchUpdatesContext): FilePackageRef[] {
  return (context.plan?.order ?? []).map(({ url: _url, ...pkg }) => ({
    ...pkg,
    vaultId: context.downloads.find((download) => download.pkgId === pkg.id)?.vaultId,
  }));
}

/** The write was read back through this computer's cache only: it proves nothing about the stick yet. */
export function readThroughCache(written: Pick<WriteTransferBundleOutput, 'readBack'> | null | undefined): boolean {
  return written?.readBack?.from === 'cache';
}

/** The check of the re-inserted stick: the very bundle written (same id and code), every file matching. */
export function checkDriveRead(written: WriteTransferBundleOutput | null | undefined, found: VerifyTransferBundleOutput | null | undefined): RuleVerdict {
  if (!written || !found) return fails('The re-inserted stick has not been checked yet.');
  const proof = checkTransferProof(found.proof);
  if (!proof.holds) return proof;
  if (found.bundleId !== written.bundleId || found.digestCode !== written.digestCode) return fails(fetchUpdatesWords.otherBundle(found, written));
  return holds(fetchUpdatesWords.driveCheckPassed(found.digestCode));
}

/**
 * The bundle counts as written: its read-back matched, and that read-back came from the drive —
 * directly, or by checking it again once the stick was re-inserted.
 */
export function bundleProven(context: Pick<FetchUpdatesContext, 'written' | 'driveCheck'>): boolean {
  const written = context.written;
  if (!written || !checkTransferProof(written.proof).holds) return false;
  return !readThroughCache(written) || checkDriveRead(written, context.driveCheck).holds;
}
