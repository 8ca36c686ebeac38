import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorBaseInput, FilePackageRef } from '../../../../../shared/procedures/actors';
import { writeBundle } from '../../../../../electron/services/media';
import { createActorTestBed, failure, packageBytes, run, sha256, site, type ActorTestBed } from './fixtures/actor-deps';
import { checkTransferProof } from '../../../../../shared/rules/transfer-proof';

const base: ActorBaseInput = { procedureId: 'P2-test-1', siteId: site.id, stepId: 'step' };

let bed: ActorTestBed;
beforeEach(async () => {
  bed = await createActorTestBed();
});
afterEach(() => bed.dispose());

/** A bundle for `serial` on the stick, written by the real media service from files in the test folder. */
async function bundleOnStick(serial: string, bundleId: string, packages: { id: string; kind: 'base' | 'site'; size: number }[]) {
  const refs: FilePackageRef[] = [];
  const sources = [];
  for (const p of packages) {
    const bytes = packageBytes(p.id, p.size);
    const path = join(bed.dir, `${bundleId}-${p.id}.src`);
    await writeFile(path, bytes);
    refs.push({ id: p.id, name: `Package ${p.id}`, kind: p.kind, version: p.id.split('-')[1]!, size: p.size, sha256: sha256(bytes) });
    sources.push({ packageId: p.id, path });
  }
  const result = await writeBundle({
    targetDir: bed.mediaDir,
    manifest: { bundleId, keyId: 'key-1', appliance: { serial, hostname: 'appliance-a.test' }, packages: refs },
    sources,
    createdBy: 'Connected Person',
    appVersion: '0.1.0-test',
    filesystem: 'folder',
  });
  return { result, refs };
}

describe('checkApplianceClock', () => {
  it('gives the appliance clock against this computer’s and the NTP setting', async () => {
    bed.appliance.clockOffsetMs = 3_600_000;
    bed.appliance.ntp = { ntpEnabled: true, ntpServers: ['pool.ntp.example'] };
    const out = await run(bed.actors.checkApplianceClock, base);
    expect(out.offsetSeconds).toBeGreaterThanOrEqual(3599);
    expect(out.offsetSeconds).toBeLessThanOrEqual(3601);
    expect(Date.parse(out.applianceTime) - Date.parse(out.operatorTime)).toBeCloseTo(3_600_000, -4);
    expect(out).toMatchObject({ ntpEnabled: true, ntpServers: ['pool.ntp.example'] });
  });
});

describe('generateDownloadKey → saveKeyFile', () => {
  it('writes the key with site, serial, versions, time, operator and procedure onto the media', async () => {
    const key = await run(bed.actors.generateDownloadKey, base);
    expect(key).toMatchObject({ key: 'FAKE-KEY-1', applianceSerial: 'FAKE-1', applianceHostname: 'appliance-a.test', siteVersion: '23.1.1', baseVersion: '6.1.0' });
    const saved = await run(bed.actors.saveKeyFile, { ...base, mediaPath: bed.mediaDir, key });
    expect(saved.path.startsWith(bed.mediaDir)).toBe(true);
    const written = JSON.parse(await readFile(saved.path, 'utf8'));
    expect(written).toEqual({
      format: 'aua-download-key/1',
      key: 'FAKE-KEY-1',
      siteName: site.name,
      siteHostname: site.siteHostname,
      applianceSerial: 'FAKE-1',
      applianceHostname: 'appliance-a.test',
      siteVersion: '23.1.1',
      baseVersion: '6.1.0',
      generatedAt: key.generatedAt,
      generatedBy: 'Alex Field',
      procedureId: base.procedureId,
    });
    expect(saved.sha256).toBe(sha256(await readFile(saved.path)));
  });
});

describe('verifyTransferBundle', () => {
  it('verifies the newest bundle for this appliance and returns its packages and proof', async () => {
    await bundleOnStick('FAKE-1', 'older', [{ id: 'base-6.2.0', kind: 'base', size: 3000 }]);
    await new Promise((r) => setTimeout(r, 5));
    const { result, refs } = await bundleOnStick('FAKE-1', 'newer', [
      { id: 'base-6.2.0', kind: 'base', size: 3000 },
      { id: 'site-23.2.1', kind: 'site', size: 5000 },
    ]);
    await bundleOnStick('OTHER-9', 'foreign', [{ id: 'base-6.2.0', kind: 'base', size: 3000 }]);
    const out = await run(bed.actors.verifyTransferBundle, { ...base, mediaPath: bed.mediaDir, expectSerial: 'FAKE-1' });
    expect(out).toMatchObject({ bundleDir: result.bundleDir, bundleId: 'newer', keyId: 'key-1', digestCode: result.digestCode, createdBy: 'Connected Person', packages: refs });
    expect(out.proof.map((l) => l.ok)).toEqual([true, true]);
    const last = bed.progress.at(-1)!;
    expect(last).toMatchObject({ procedureId: base.procedureId, stepId: 'step', unit: 'bytes', done: 8000, total: 8000, etaSeconds: 0 });
    expect(last.label).toMatch(/^Checking .* on the media$/);
  });

  it('a flipped byte comes back as the whole proof with that file failed, for the machine to refuse and show', async () => {
    const { result } = await bundleOnStick('FAKE-1', 'b1', [{ id: 'base-6.2.0', kind: 'base', size: 3000 }]);
    const file = join(result.bundleDir, result.manifest.packages[0]!.files[0]!.name);
    const bytes = await readFile(file);
    bytes[1000] = bytes[1000]! ^ 0xff;
    await writeFile(file, bytes);
    const output = await run(bed.actors.verifyTransferBundle, { ...base, mediaPath: bed.mediaDir, expectSerial: 'FAKE-1' });
    expect(output.proof).toMatchObject([{ ok: false, file: result.manifest.packages[0]!.files[0]!.name }]);
    expect(checkTransferProof(output.proof).holds).toBe(false);
  });

  it('only other appliances’ bundles → BUNDLE_WRONG_APPLIANCE naming the appliance it is for', async () => {
    await bundleOnStick('OTHER-9', 'foreign', [{ id: 'base-6.2.0', kind: 'base', size: 3000 }]);
    const error = await failure(run(bed.actors.verifyTransferBundle, { ...base, mediaPath: bed.mediaDir, expectSerial: 'FAKE-1' }));
    expect(error.code).toBe('BUNDLE_WRONG_APPLIANCE');
    expect(error.message).toContain('OTHER-9');
  });

  it('no bundle at all → BUNDLE_INVALID saying so and listing what is there', async () => {
    const empty = await failure(run(bed.actors.verifyTransferBundle, { ...base, mediaPath: bed.mediaDir, expectSerial: 'FAKE-1' }));
    expect(empty).toMatchObject({ code: 'BUNDLE_INVALID', message: expect.stringContaining('no bundle for appliance FAKE-1 on this media') });
    const { result } = await bundleOnStick('FAKE-1', 'b1', [{ id: 'base-6.2.0', kind: 'base', size: 3000 }]);
    await writeFile(join(result.bundleDir, 'manifest.json'), '{ cut sho');
    const damaged = await failure(run(bed.actors.verifyTransferBundle, { ...base, mediaPath: bed.mediaDir, expectSerial: 'FAKE-1' }));
    expect(damaged.code).toBe('BUNDLE_INVALID');
    expect(damaged.message).toContain('aua-bundle-FAKE-1-b1');
    expect(damaged.message).toContain('not valid JSON');
  });
});

describe('importBundle', () => {
  it('copies each package into the vault, verified and held, with byte progress; a retry copies nothing again', async () => {
    const { result, refs } = await bundleOnStick('FAKE-1', 'b1', [
      { id: 'base-6.2.0', kind: 'base', size: 3000 },
      { id: 'site-23.2.1', kind: 'site', size: 5000 },
    ]);
    const input = { ...base, bundleDir: result.bundleDir, packages: refs };
    const out = await run(bed.actors.importBundle, input);
    expect(out.packages.map((p) => p.id)).toEqual(['base-6.2.0', 'site-23.2.1']);
    for (const pkg of out.packages) {
      const entry = bed.vault.get(pkg.vaultId!);
      expect(entry).toMatchObject({ kind: 'package', siteId: site.id, siteName: site.name, appliance: 'appliance-a.test', version: pkg.version, sha256: pkg.sha256, size: pkg.size, heldBy: [base.procedureId] });
      expect(sha256(await readFile(bed.vault.filePath(pkg.vaultId!)))).toBe(pkg.sha256);
    }
    expect(bed.progress.at(-1)).toMatchObject({ label: 'Copying Package site-23.2.1 into the vault', done: 8000, total: 8000 });

    const again = await run(bed.actors.importBundle, input);
    expect(again.packages.map((p) => p.vaultId)).toEqual(out.packages.map((p) => p.vaultId));
    expect(bed.vault.list({ kind: 'package' })).toHaveLength(2);
  });

  it('refuses a bundle that changed since it was verified, and a damaged part, keeping nothing', async () => {
    const { result, refs } = await bundleOnStick('FAKE-1', 'b1', [{ id: 'base-6.2.0', kind: 'base', size: 3000 }]);
    const changed = await failure(run(bed.actors.importBundle, { ...base, bundleDir: result.bundleDir, packages: [{ ...refs[0]!, sha256: 'f'.repeat(64) }] }));
    expect(changed).toMatchObject({ code: 'BUNDLE_INVALID', message: expect.stringContaining('changed after it was verified') });

    const file = join(result.bundleDir, result.manifest.packages[0]!.files[0]!.name);
    const bytes = await readFile(file);
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(file, bytes);
    const damaged = await failure(run(bed.actors.importBundle, { ...base, bundleDir: result.bundleDir, packages: refs }));
    expect(damaged.code).toBe('BUNDLE_INVALID');
    expect(bed.vault.list({ kind: 'package' })).toEqual([]);
  });
});
