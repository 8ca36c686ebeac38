import { unlink, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FilePackageRef } from '../../../../../shared/procedures/actors';
import { AppError } from '../../../../../shared/errors';
import { createActorTestBed, failure, packageBytes, run, sha256, site, type ActorTestBed } from './fixtures/actor-deps';

let bed: ActorTestBed;
let pkg: FilePackageRef;

beforeEach(async () => {
  bed = await createActorTestBed();
  // Base 6.2.0 as it came over the air gap: a file in the vault that the fake appliance recognises.
  const bytes = packageBytes('base-6.2.0', 200_000);
  const path = await bed.vault.reservePath('package', site.id, 'Base 6.2.0');
  await writeFile(path, bytes);
  const entry = await bed.vault.add({ kind: 'package', siteId: site.id, siteName: site.name, appliance: 'appliance-a.test', version: '6.2.0', path });
  bed.appliance.packageFiles.set(entry.sha256, 'base-6.2.0');
  pkg = { id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0', size: bytes.length, sha256: sha256(bytes), vaultId: entry.id };
});
afterEach(() => bed.dispose());

const upload = (p: FilePackageRef = pkg) => run(bed.actors.uploadPackage, { procedureId: 'P2-x', siteId: site.id, stepId: 'install', pkg: p });
const waitForInstall = (p: FilePackageRef = pkg) => run(bed.actors.installPackage, { procedureId: 'P2-x', siteId: site.id, stepId: 'install', pkg: p });
/** The machine's two phases: upload, then wait for the install and verify it. */
const install = async (p: FilePackageRef = pkg) => {
  await upload(p);
  return waitForInstall(p);
};

describe('uploadPackage, then installPackage, with a vault copy (P2)', () => {
  it('uploads the vault file through Manual Installation with byte progress, then waits and verifies', async () => {
    const sent = await upload();
    expect(sent).toEqual({ uploadedAt: expect.any(String), bytes: pkg.size });
    const out = await waitForInstall();
    expect(out.verifiedVersion).toBe('6.2.0');
    expect(bed.appliance.calls.uploads).toEqual([{ fileName: 'Base 6.2.0', sha256: pkg.sha256 }]);
    expect(bed.appliance.calls.installUpdate).toEqual([]);
    const uploads = bed.progress.filter((p) => p.unit === 'bytes');
    expect(uploads.at(-1)).toMatchObject({ label: 'Uploading Base 6.2.0', done: pkg.size, total: pkg.size, etaSeconds: 0, phase: 'uploading' });
    expect(bed.progress.some((p) => p.unit === 'seconds' && p.label === 'Installing Base 6.2.0')).toBe(true);
  });

  it('reports the upload as the uploading phase, then the appliance installing, restarting and the version verified', async () => {
    bed.appliance.installMs = 150;
    bed.appliance.restartMs = 150;
    await upload();
    expect((await waitForInstall()).verifiedVersion).toBe('6.2.0');
    const uploads = bed.progress.filter((p) => p.unit === 'bytes');
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.every((p) => p.phase === 'uploading')).toBe(true);
    // The upload's time left comes from bytes with a known total, so it is given; the install's never is.
    expect(uploads.at(-1)!.etaSeconds).toBe(0);
    const phases = bed.progress.map((p) => p.phase).filter((phase, i, all) => i === 0 || phase !== all[i - 1]);
    expect(phases).toEqual(['uploading', 'installing', 'restarting', 'verifying']);
    expect(bed.progress.filter((p) => p.unit === 'seconds').every((p) => p.etaSeconds === null)).toBe(true);
  });

  it('is idempotent: at the version → done without uploading; installing → only waits', async () => {
    bed.appliance.baseVersion = '6.2.0';
    expect((await upload()).bytes).toBe(0);
    expect((await waitForInstall()).verifiedVersion).toBe('6.2.0');
    expect(bed.appliance.calls.uploads).toEqual([]);

    bed.appliance.baseVersion = '6.1.0';
    await bed.appliance.admin.uploadPackage(bed.vault.filePath(pkg.vaultId!), { fileName: 'by hand' });
    expect((await install()).verifiedVersion).toBe('6.2.0');
    expect(bed.appliance.calls.uploads.map((u) => u.fileName)).toEqual(['by hand']);
  });

  it('passes upload failures through to the machine; the retry uploads and installs', async () => {
    bed.appliance.failNextUpload = new AppError('TRANSFER_INTERRUPTED', 'The connection dropped while uploading.', 'Upload again.');
    expect((await failure(install())).code).toBe('TRANSFER_INTERRUPTED');
    bed.appliance.failNextUpload = new AppError('UPLOAD_TOO_LARGE', 'Too large.', 'Check the package.');
    expect((await failure(install())).code).toBe('UPLOAD_TOO_LARGE');
    expect((await install()).verifiedVersion).toBe('6.2.0');
  });

  it('refuses to upload a vault copy that no longer matches, or is gone, and uploads nothing', async () => {
    await writeFile(bed.vault.filePath(pkg.vaultId!), Buffer.alloc(pkg.size, 1));
    expect(await failure(install())).toMatchObject({ code: 'CHECKSUM_MISMATCH', hint: expect.stringContaining('Nothing was uploaded') });
    await unlink(bed.vault.filePath(pkg.vaultId!));
    expect((await failure(install())).code).toBe('VAULT_FILE_MISSING');
    expect(bed.appliance.calls.uploads).toEqual([]);
  });
});

describe('installPackage for a file package never starts an install itself', () => {
  it('only waits: the appliance is not asked to fetch the package, nothing is uploaded', async () => {
    await bed.appliance.admin.uploadPackage(bed.vault.filePath(pkg.vaultId!), { fileName: 'by the upload step' });
    expect((await waitForInstall()).verifiedVersion).toBe('6.2.0');
    expect(bed.appliance.calls.installUpdate).toEqual([]);
    expect(bed.appliance.calls.uploads.map((u) => u.fileName)).toEqual(['by the upload step']);
  });
});
