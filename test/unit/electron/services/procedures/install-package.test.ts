import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../../../../shared/domain';
import type { PackageRef } from '../../../../../shared/procedures/actors';
import { installPackage } from '../../../../../electron/services/procedures/install-package';
import { FakeAppliance } from './fixtures/fake-appliance';

const base: PackageRef = { id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0', size: 1000 };
const site: PackageRef = { id: 'site-23.2.1', name: 'Site 23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 2000 };

let appliance: FakeAppliance;
afterEach(() => appliance?.dispose());

function run(
  pkg: PackageRef,
  timing = { pollIntervalMs: 20, installTimeoutMs: 5000 },
  signal = new AbortController().signal,
  clock: { now(): number } = { now: () => Date.now() },
) {
  const progress: Progress[] = [];
  const promise = installPackage({
    api: appliance.api,
    admin: appliance.admin,
    clock,
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
    expect(progress[0]).toMatchObject({ procedureId: 'P1-x', stepId: 'install', unit: 'seconds', total: 300, phase: 'installing' });
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

/** The phases an install's reports went through, each run of one phase counted once. */
function phasesSeen(progress: readonly Progress[]): (Progress['phase'] | undefined)[] {
  return progress.map((p) => p.phase).filter((phase, i, all) => i === 0 || phase !== all[i - 1]);
}

describe('installPackage reports the phase the appliance is in', () => {
  it('installing (503) → restarting (no answer) → verifying (answering again), each phase under its own words', async () => {
    appliance = new FakeAppliance({ installMs: 150, restartMs: 150 });
    const { promise, progress } = run(base);
    expect((await promise).verifiedVersion).toBe('6.2.0');
    expect(phasesSeen(progress)).toEqual(['installing', 'restarting', 'verifying']);
    expect(progress.every((p) => p.unit === 'seconds')).toBe(true);
    const labelOf = (phase: Progress['phase']) => progress.find((p) => p.phase === phase)?.label;
    expect(labelOf('installing')).toBe('Installing Base 6.2.0');
    expect(labelOf('restarting')).toBe('Waiting for the appliance to restart (installing Base 6.2.0)');
    expect(labelOf('verifying')).toBe('Verifying that the appliance runs Base 6.2.0');
    // The last report is the final one, in the verifying phase.
    expect(progress.at(-1)).toMatchObject({ phase: 'verifying', etaSeconds: null });
  });

  it('reads a restart that times out (silence, not a refusal) as restarting too', async () => {
    appliance = new FakeAppliance({ installMs: 100, restartMs: 150, restartFailure: 'TIMEOUT' });
    const { promise, progress } = run(base);
    await promise;
    expect(phasesSeen(progress)).toEqual(['installing', 'restarting', 'verifying']);
  });

  it('reads a status page that answers "installing" as installing, then verifies once it answers "running"', async () => {
    appliance = new FakeAppliance({ installMs: 150, baseVersion: '6.2.0' });
    appliance.statusPageWhileInstalling = true;
    const { promise, progress } = run(site);
    expect((await promise).verifiedVersion).toBe('23.2.1');
    expect(phasesSeen(progress)).toEqual(['installing', 'verifying']);
  });

  it('resumed at an appliance that is restarting, starts at restarting and installs nothing', async () => {
    appliance = new FakeAppliance({ installMs: 20, restartMs: 200 });
    await appliance.admin.installUpdate('base-6.2.0');
    await new Promise((r) => setTimeout(r, 60));
    expect(appliance.status).toBe('restarting');
    const { promise, progress } = run(base);
    expect((await promise).verifiedVersion).toBe('6.2.0');
    expect(phasesSeen(progress)).toEqual(['restarting', 'verifying']);
    expect(appliance.calls.installUpdate).toEqual(['base-6.2.0']);
  });

  it('sends every change of phase at once, even inside the 10 Hz throttle', async () => {
    // Polls every 5 ms, phases of 50 ms: a report held to 10 Hz would swallow the restart whole.
    appliance = new FakeAppliance({ installMs: 50, restartMs: 50 });
    const { promise, progress } = run(base, { pollIntervalMs: 5, installTimeoutMs: 5000 });
    await promise;
    expect(phasesSeen(progress)).toEqual(['installing', 'restarting', 'verifying']);
  });

  it('never counts down: no time left while the expected time runs, only time spent against the expected duration', async () => {
    // A clock 1000× fast: the 300 ms install reads as 5 minutes, the expected 300 s pass by.
    const t0 = Date.now();
    const clock = { now: () => t0 + (Date.now() - t0) * 1000 };
    appliance = new FakeAppliance({ installMs: 400, restartMs: 100 });
    const { promise, progress } = run(base, { pollIntervalMs: 20, installTimeoutMs: 3_600_000 }, undefined, clock);
    await promise;
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.etaSeconds)).toEqual(progress.map(() => null));
    expect(progress.map((p) => p.rate)).toEqual(progress.map(() => null));
    // Seconds elapsed grow; the expected 300 s stays as information until it is passed, then no total is claimed.
    expect(progress.some((p) => p.done > 0 && p.done <= 300 && p.total === 300)).toBe(true);
    expect(progress.filter((p) => p.done > 300).every((p) => p.total === null)).toBe(true);
    expect(progress.some((p) => p.done > 300)).toBe(true);
  });
});
