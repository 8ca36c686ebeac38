/**
 * The update server client's public shape (manual, offline updates — P2). The update server
 * lists the packages built for an appliance when given that appliance's download key, and
 * serves each package once (R7). Every method rejects with an AppError (shared/errors.ts).
 */
import type { TransferProgress } from '../appliance/types';

export interface UpdateServerOptions {
  /** https://host[:port] of the update server. */
  baseUrl: string;
  /**
   * The practice lab's self-signed certificate, trusted by its SHA-256. Without it the
   * certificate is checked against the system's certificate authorities (the vendor's server).
   */
  pinnedFingerprint256?: string;
  timeoutMs?: number;
  /** This computer's clock (tests): a pinned certificate's validity is checked against it. */
  now?: () => number;
  /**
   * Pauses before each automatic retry of a dropped download (default 2 s, 4 s, 8 s: three
   * retries); [] fails at the first drop.
   */
  retryDelaysMs?: readonly number[];
}

export interface UpdatePackage {
  id: string;
  name: string;
  kind: 'base' | 'site';
  version: string;
  /** Base version that must be installed first, for site packages. */
  requires?: string;
  size: number;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
  /** Absolute address of the package on the update server. */
  url: string;
  /** The server's name for the file (a bare name, e.g. LAB-A-1001-base-6.2.0.labpkg), when it gives one. */
  filename?: string;
}

export interface KeyListing {
  keyId: string;
  serial: string;
  /** Only packages not yet downloaded for this appliance (R7). */
  packages: UpdatePackage[];
}

export interface PackageDownloadOptions {
  signal?: AbortSignal;
  /** About ten times a second; `done` counts the bytes on disk, including resumed ones. */
  onProgress?: (p: TransferProgress) => void;
  /** A dropped connection is about to be retried, after `delayMs`, from the `done` bytes on disk. */
  onRetry?: (retry: DownloadRetry) => void;
}

export interface DownloadRetry {
  /** 1 for the first retry. */
  retry: number;
  /** How many retries there are in all. */
  of: number;
  delayMs: number;
  /** Bytes on disk the retry continues from. */
  done: number;
  /** Why the last attempt stopped, e.g. "the connection dropped". */
  reason: string;
}

export interface DownloadedPackage {
  size: number;
  sha256: string;
  /**
   * Bytes already on disk (destPath + '.part') that the download continued from; 0 = from the
   * start. After an automatic retry, where the last attempt continued.
   */
  resumedFrom: number;
  /** Bytes received over the network by this call, over all its attempts. */
  bytesTransferred: number;
  /** Automatic retries it took after dropped connections (0 or absent: none). */
  retries?: number;
}

export interface UpdateServerClient {
  /** Submits an appliance's download key; resolves with the packages it may download. */
  submitKey(key: string): Promise<KeyListing>;
  /**
   * Downloads one package to `destPath`, resumably: bytes go to destPath + '.part', which a
   * later call continues from; the file appears at destPath only once its size and SHA-256
   * match the listing.
   */
  downloadPackage(
    pkg: Pick<UpdatePackage, 'id' | 'name' | 'size' | 'sha256' | 'url'>,
    destPath: string,
    options?: PackageDownloadOptions,
  ): Promise<DownloadedPackage>;
}
