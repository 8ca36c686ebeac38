/**
 * The manifest's shape on disk, how it is written and read, and the short code a person
 * compares on both sides of the air gap.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { BUNDLE_FORMAT, MANIFEST_FILE, type BundleManifest } from './types';

/** Characters FAT, NTFS and Windows refuse in a file name, plus path separators. */
const UNSAFE_NAME_CHARS = /[\\/:*?"<>|\p{Cc}]/gu;

/** A name that is safe on every removable file system and cannot climb out of the bundle folder. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(UNSAFE_NAME_CHARS, '_').replace(/[. ]+$/, '').slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '_' : cleaned;
}

const fileNameSchema = z
  .string()
  .min(1)
  .refine((name) => safeFileName(name) === name, { message: 'is not a plain file name inside the bundle folder' });

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'is not a lower-case SHA-256' });
const sizeSchema = z.number().int().nonnegative();

const bundleFileSchema = z.object({ name: fileNameSchema, size: sizeSchema, sha256: sha256Schema });

const bundlePackageSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    kind: z.enum(['base', 'site']),
    version: z.string().min(1),
    requires: z.string().optional(),
    size: sizeSchema,
    sha256: sha256Schema,
    files: z.array(bundleFileSchema).min(1),
  })
  .refine((pkg) => pkg.files.reduce((sum, file) => sum + file.size, 0) === pkg.size, {
    message: 'files do not add up to the package size',
  })
  .refine((pkg) => pkg.files.length > 1 || pkg.files[0]?.sha256 === pkg.sha256, {
    message: 'single file has a different SHA-256 from the package',
  });

export const bundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundleId: z.string().min(1),
  keyId: z.string(),
  appliance: z.object({ serial: z.string().min(1), hostname: z.string().optional(), siteName: z.string().optional() }),
  packages: z.array(bundlePackageSchema).min(1),
  createdAt: z.string().min(1),
  createdBy: z.string(),
  appVersion: z.string(),
});

export function serializeManifest(manifest: BundleManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** Parses manifest bytes; anything unreadable is BUNDLE_INVALID naming what is wrong. */
export function parseManifest(bytes: Buffer, bundleDir: string): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidManifest(bundleDir, 'it is not valid JSON (damaged or cut short)');
  }
  const parsed = bundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the manifest';
    throw invalidManifest(bundleDir, `${where} ${issue?.message ?? 'is not valid'}`);
  }
  return parsed.data as BundleManifest;
}

export function invalidManifest(bundleDir: string, what: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(
    'BUNDLE_INVALID',
    `The bundle's ${MANIFEST_FILE} cannot be used: ${what}.`,
    'Write the bundle again on the connected side and bring the new stick; do not upload anything from this one.',
    { bundleDir, file: MANIFEST_FILE, ...extra },
  );
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** "3F2A-9C1B": the first 8 hex digits of the manifest's SHA-256, easy to read aloud. */
export function digestCode(manifestSha256: string): string {
  const head = manifestSha256.slice(0, 8).toUpperCase();
  return `${head.slice(0, 4)}-${head.slice(4, 8)}`;
}

/** Folder name of a bundle on the media: recognisable by a person, unique per bundle. */
export function bundleFolderName(manifest: Pick<BundleManifest, 'bundleId' | 'appliance'>): string {
  return safeFileName(`aua-bundle-${manifest.appliance.serial}-${manifest.bundleId}`);
}

/** Name of part `index` (0-based) of a split package: name.part001, name.part002, … */
export function partName(fileName: string, index: number): string {
  return `${fileName}.part${String(index + 1).padStart(3, '0')}`;
}
