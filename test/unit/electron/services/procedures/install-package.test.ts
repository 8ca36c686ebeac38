import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../../../../shared/domain';
import type { PackageRef } from '../../../../../shared/procedures/actors';
import { installPackage } from '../../../../../electron/services/procedures/install-package';
import { FakeAppliance } from './fixtures/fake-appliance';

const base: PackageRef = { id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0', size: 1000 };
const site: PackageRef = { id: 'site-23.2.1', name: 'Site 23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 2000 };

let appliance: FakeAppliance;
afterEach(() => appliance?.dispose());

function run(pkg: PackageRef, timing = { pollIntervalMs: 20, installTimeoutMs: 5000 }, signal = new AbortController().signal) {
  const progress: Progress[] = [];
  const promise = installPackage({
    api: appliance.api,
    admin: appliance.admin,
    clock: { now: () => Date.now() },
    timing,
    signal,
    input: { procedureId: 'P1-x', siteId: 's', stepId: 'install', pkg },
    emitProgress: (p) => progress.push(p),
  });
  return { promise, progress };
}

describe('installPackage', () => {
  it('installs, waits while the appliance is down, and verifies the Base version from the status page', async () => {
    appliance = new FakeAppliance({ installMs: 150 });
    const { promise, progress } = run(base);
    const result = await promise;
    expect(result.verifiedVersion).toBe('6.2.0');
    expect(result.health).toContain('Base 6.2.0');
    expect(appliance.calls.installUpdate).toEqual(['base-6.2.0']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ procedureId: 'P1-x', stepId: 'install', unit: 'seconds', total: 300 });
  });

  it('verifies a site install by check_health version', async () => {
    appliance = new FakeAppliance({ installMs: 50, baseVersion: '6.2.0' });
    expect((await run(site).promise).verifiedVersion).toBe('23.2.1');
  });

  it('does nothing when the appliance already runs the version (a resumed step)', async () => {
    appliance = new FakeAppliance({ baseVersion: '6.2.0' });
    expect((await run(base).promise).verifiedVersion).toBe('6.2.0');
    expect(appliance.calls.installUpdate).toEqual([]);
  });

  it('only waits when the appliance is already installing', async () => {
    appliance = new FakeAppliance({ installMs: 100 });
    await appliance.admin.installUpdate('base-6.2.0');
    expect((await run(base).promise).verifiedVersion).toBe('6.2.0');
    expect(appliance.calls.installUpdate).toEqual(['base-6.2.0']);
  });

  it('rejects with BASE_INSTALL_FAILED when a Base install leaves the appliance needing support', async () => {
    appliance = new FakeAppliance({ installMs: 50 });
    appliance.failBaseInstall = true;
    await expect(run(base).promise).rejects.toMatchObject({ code: 'BASE_INSTALL_FAILED', hint: expect.stringContaining('Do not restart') });
  });

  it('refuses to install over an appliance that already needs support', async () => {
    appliance = new FakeAppliance();
    appliance.status = 'needs-support';
    await expect(run(base).promise).rejects.toMatchObject({ code: 'BASE_INSTALL_FAILED' });
    expect(appliance.calls.installUpdate).toEqual([]);
  });

  it('rejects with TIMEOUT when the appliance does not come back in time', async () => {
    appliance = new FakeAppliance({ installMs: 10_000 });
    await expect(run(base, { pollIntervalMs: 20, installTimeoutMs: 100 }).promise).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('passes on a refusal such as a missing requirement', async () => {
    appliance = new FakeAppliance();
    await expect(run(site).promise).rejects.toMatchObject({ code: 'REQUIREMENT_MISSING' });
  });

  it('stops with CANCELLED when its signal aborts', async () => {
    appliance = new FakeAppliance({ installMs: 10_000 });
    const controller = new AbortController();
    const { promise } = run(base, { pollIntervalMs: 20, installTimeoutMs: 5000 }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
