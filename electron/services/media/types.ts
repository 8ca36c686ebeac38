/**
 * Transfer bundles: what crosses the air gap on removable media. A bundle is a folder with the
 * packages and a manifest whose own SHA-256 is shown on both sides as a short code a person can
 * compare. Implemented in this folder; used by the P2 procedures.
 */
export const BUNDLE_FORMAT = 'aua-bundle/1';
export const MANIFEST_FILE = 'manifest.json';
export const KEY_FILE_SUFFIX = '.aua-key.json';
/** manifest.json and key files are a few KiB; anything past this is refused before it is read. */
export const SMALL_FILE_MAX_BYTES = 1024 * 1024;

export interface BundleFile {
  /** File name inside the bundle folder (a part name when split for FAT32). */
  name: string;
  size: number;
  sha256: string;
}

export interface BundlePackage {
  id: string;
  name: string;
  kind: 'base' | 'site';
  version: string;
  requires?: string;
  /** The whole package, as the update server built it. */
  size: number;
  sha256: string;
  /** One file, or ordered parts that concatenate to the package. */
  files: BundleFile[];
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  bundleId: string;
  keyId: string;
  appliance: { serial: string; hostname?: string; siteName?: string };
  /** In install order (R4: Base before the site packages that require it). */
  packages: BundlePackage[];
  createdAt: string;
  createdBy: string;
  appVersion: string;
}

/** One line of the visible proof: file, size, the SHA-256 computed from the drive (in full), ok. */
export interface ProofLine {
  file: string;
  size: number;
  sha256: string;
  ok: boolean;
  problem?: string;
  /** Set when the bytes were read through this computer's cache, not from the drive (CACHE_READ_NOTE). */
  note?: string;
}

/** What a proof line says when its file could only be read back through the cache. */
export const CACHE_READ_NOTE = 'read through the cache; remove and re-insert the stick to verify from the drive';

/**
 * Where a read-back got its bytes. "cache" proves this computer's memory, not the stick: the
 * procedure then asks for the stick to be removed and re-inserted and verifies the bundle from
 * the re-mounted drive (verifyBundle).
 */
export interface ReadBackRoute {
  from: 'drive' | 'cache';
  /** Why the drive could not be read directly (the platform or file system refused). */
  reason?: string;
}

export interface BundleResult {
  bundleDir: string;
  manifest: BundleManifest;
  /** SHA-256 of manifest.json's bytes. */
  manifestSha256: string;
  /** Short human-comparable code from manifestSha256, e.g. "3F2A-9C1B". */
  digestCode: string;
  proof: ProofLine[];
  /** How the files were read back: from the drive, or (where that is refused) through the cache. */
  readBack: ReadBackRoute;
}

/** The key file the restricted side writes next to where the bundle will come back. */
export interface DownloadKeyFile {
  format: 'aua-download-key/1';
  key: string;
  siteName: string;
  siteHostname: string;
  applianceSerial: string;
  applianceHostname: string;
  siteVersion: string;
  baseVersion: string;
  generatedAt: string;
  generatedBy: string;
  /** The restricted-side procedure waiting for the bundle. */
  procedureId: string;
}
