/**
 * `npm run bench` (or `npm run bench -- transfer`): the three big transfers of a manual update, on a generated package
 * (1 GiB by default; BENCH_BYTES to change), each against a plain-tools baseline on the same
 * file in the same run:
 *   download with SHA-256          vs  curl + sha256sum
 *   bundle write + read-back check  vs  cp + sync + sha256sum
 *   read-back from the drive alone  vs  dd iflag=direct bs=1M piped to sha256sum (the bundle's file)
 *   upload to Manual Installation   vs  curl -F
 * For ours it also reports the process's CPU time, peak RSS growth and event-loop delay p99.
 * BENCH_RUNS (default 1) repeats each pair, baseline and ours alternating, and reports medians
 * (worst RSS and p99): on a shared machine one run can be off by 2x. CPU time is the steadier
 * figure. It asserts nothing about time (targets: ratio >= 0.8, RSS growth < 100 MB,
 * event-loop p99 < 50 ms).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createAdminSession } from '../../electron/services/appliance';
import { hashFromDrive } from '../../electron/services/fs/direct-read';
import { MANIFEST_FILE, writeBundle } from '../../electron/services/media';
import { createUpdateServerClient, type UpdatePackage } from '../../electron/services/update-server';
import type { PracticeLabSite } from '../../electron/services/sites/sites-service';
import { labControl } from '../e2e/support/lab-control';
import { spawnUntil, stop } from '../e2e/support/processes';

const BYTES = Number(process.env.BENCH_BYTES ?? 1024 ** 3);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const MiB = 1024 * 1024;

interface Measure {
  seconds: number;
  cpuSeconds: number;
  peakRssGrowthMb: number;
  loopP99Ms: number;
}

/** Runs `work` while sampling RSS and event-loop delay. */
async function measure(work: () => Promise<unknown>): Promise<Measure> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  loop.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  loop.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, cpuSeconds: (user + system) / 1e6, peakRssGrowthMb: (peak - startRss) / MiB, loopP99Ms: loop.percentile(99) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timeCommand(command: string, args: string[]): number {
  const started = performance.now();
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return (performance.now() - started) / 1000;
}

function hiddenField(html: string): string {
  const match = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no csrf_token on the page');
  return match[1]!;
}

const dir = mkdtempSync(join(tmpdir(), 'aua-bench-'));
console.log(`Benchmark: ${(BYTES / MiB).toFixed(0)} MiB package, work folder ${dir}`);
const labProcess = await spawnUntil(['test/harness/lab-process.ts'], 'LAB_INFO', {
  LAB_TIME_SCALE: '100000',
  LAB_BASE_PACKAGE_BYTES: String(BYTES),
}, 120_000);

try {
  const info = JSON.parse(labProcess.value) as { site: PracticeLabSite; controlUrl: string; updateServerUrl: string; certificatePem: string };
  const lab = labControl(info.controlUrl, info.certificatePem);
  // lab-control goes through Node's keep-alive global agent: a call after a transfer of ~5 s
  // can reuse a socket the lab's server is just closing (idle timeout), hence one retry.
  const control = {
    post: (path: string, body: unknown) => lab.post(path, body).catch(() => lab.post(path, body)),
  };
  const pem = join(dir, 'lab.pem');
  writeFileSync(pem, info.certificatePem);
  const endpoint = {
    baseUrl: info.site.applianceUrl,
    pinnedFingerprint256: info.site.fingerprint256,
    apiClientId: info.site.apiClientId,
    apiClientSecret: info.site.apiClientSecret,
    adminUser: info.site.adminUser,
    adminPassword: info.site.adminPassword,
  };
  const server = createUpdateServerClient({ baseUrl: info.updateServerUrl, pinnedFingerprint256: info.site.fingerprint256, timeoutMs: 120_000 });

  /** A fresh world: the lab forgets downloads (R7) and installs, so each run starts equal. */
  const freshListing = async (): Promise<UpdatePackage> => {
    await control.post('/lab/reset', { scenario: 'single' });
    const admin = createAdminSession(endpoint, { timeoutMs: 120_000 });
    const { key } = await admin.generateDownloadKey();
    const listing = await server.submitKey(key);
    const base = listing.packages.find((p) => p.kind === 'base');
    if (!base) throw new Error('no base package listed');
    return base;
  };

  const rows: { name: string; baseline: number[]; ours: Measure[] }[] = [];
  /** Runs a baseline and ours RUNS times, alternating, so a busy spell hits both alike. */
  const pair = async (name: string, baseline: () => Promise<number>, ours: () => Promise<Measure>) => {
    const row = { name, baseline: [] as number[], ours: [] as Measure[] };
    for (let run = 0; run < RUNS; run++) {
      row.baseline.push(await baseline());
      row.ours.push(await ours());
    }
    rows.push(row);
  };

  // 1. Download with hash.
  await freshListing(); // the first listing waits for the lab to hash the package once
  const curlFile = join(dir, 'curl.pkg');
  const ourFile = join(dir, 'ours.pkg');
  let pkg: UpdatePackage | undefined;
  await pair(
    'download + SHA-256',
    async () => {
      const { url } = await freshListing();
      return timeCommand('curl', ['-sS', '--fail', '--cacert', pem, '-o', curlFile, url]) + timeCommand('sha256sum', [curlFile]);
    },
    async () => {
      const listed = await freshListing();
      pkg = listed;
      return measure(() => server.downloadPackage(listed, ourFile));
    },
  );
  if (!pkg) throw new Error('nothing downloaded');
  const downloaded = pkg;

  // 2. Bundle write with read-back verification (same disk: the file system is the medium).
  const cpTarget = join(dir, 'cp-copy.pkg');
  const media = join(dir, 'media');
  await pair(
    'bundle write + read-back',
    async () => {
      rmSync(cpTarget, { force: true });
      return timeCommand('cp', [ourFile, cpTarget]) + timeCommand('sync', [cpTarget]) + timeCommand('sha256sum', [cpTarget]);
    },
    () => {
      rmSync(media, { recursive: true, force: true });
      mkdirSync(media);
      return measure(() =>
        writeBundle({
          targetDir: media,
          manifest: {
            bundleId: 'bench',
            keyId: 'bench',
            appliance: { serial: 'LAB-A-1001' },
            packages: [
              {
                id: downloaded.id,
                name: downloaded.name,
                kind: downloaded.kind,
                version: downloaded.version,
                requires: downloaded.requires,
                size: downloaded.size,
                sha256: downloaded.sha256,
              },
            ],
          },
          sources: [{ packageId: downloaded.id, path: ourFile }],
          createdBy: 'bench',
          appVersion: 'bench',
        }),
      );
    },
  );

  // 2b. The read-back alone, from the drive (O_DIRECT), on the package file the bundle holds.
  const onMedia = readdirSync(media, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name !== MANIFEST_FILE);
  if (!onMedia) throw new Error('the bundle holds no package file');
  const mediaFile = join(onMedia.parentPath, onMedia.name);
  let route = '';
  await pair(
    'read-back from the drive',
    async () => timeCommand('sh', ['-c', 'dd if="$1" iflag=direct bs=1M status=none | sha256sum', 'sh', mediaFile]),
    () =>
      measure(async () => {
        const read = await hashFromDrive(mediaFile);
        if (read.sha256 !== downloaded.sha256) throw new Error('the read-back differs from the package');
        route = read.fromDrive ? 'from the drive, O_DIRECT' : `through the cache: ${read.cacheReason}`;
      }),
  );
  rows.at(-1)!.name = `read-back (${route}) vs dd iflag=direct bs=1M + sha256sum`;

  // 3. Upload through Manual Installation (the lab hashes and installs what it receives).
  const jar = join(dir, 'cookies.txt');
  const curl = (...args: string[]) => execFileSync('curl', ['-sS', '--cacert', pem, '-b', jar, '-c', jar, ...args], { maxBuffer: 16 * MiB }).toString();
  await pair(
    'upload (Manual Installation)',
    async () => {
      await control.post('/lab/reset', { scenario: 'single' });
      rmSync(jar, { force: true });
      const loginCsrf = hiddenField(curl(`${endpoint.baseUrl}/appliance/login`));
      curl('-o', '/dev/null', '--data-urlencode', `username=${endpoint.adminUser}`, '--data-urlencode', `password=${endpoint.adminPassword}`, '--data-urlencode', `csrf_token=${loginCsrf}`, `${endpoint.baseUrl}/appliance/login`);
      const uploadCsrf = hiddenField(curl(`${endpoint.baseUrl}/appliance/updates`));
      return timeCommand('curl', ['-sS', '--fail', '--cacert', pem, '-b', jar, '-o', '/dev/null', '-F', `csrf_token=${uploadCsrf}`, '-F', `package=@${ourFile}`, `${endpoint.baseUrl}/appliance/updates/manual`]);
    },
    async () => {
      await control.post('/lab/reset', { scenario: 'single' });
      return measure(() => createAdminSession(endpoint, { timeoutMs: 600_000 }).uploadPackage(ourFile));
    },
  );

  const size = statSync(ourFile).size;
  console.log(`\n${RUNS > 1 ? `Medians of ${RUNS} runs (RSS and p99: worst run).\n` : ''}`);
  console.log(`| transfer | ours MB/s | baseline MB/s | ratio | ours CPU s | peak RSS growth | event-loop p99 |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  for (const row of rows) {
    const ours = size / MiB / median(row.ours.map((m) => m.seconds));
    const base = size / MiB / median(row.baseline);
    const cpu = median(row.ours.map((m) => m.cpuSeconds));
    const rss = Math.max(...row.ours.map((m) => m.peakRssGrowthMb));
    const p99 = Math.max(...row.ours.map((m) => m.loopP99Ms));
    console.log(
      `| ${row.name} | ${ours.toFixed(0)} | ${base.toFixed(0)} | ${(ours / base).toFixed(2)} | ${cpu.toFixed(2)} | ${rss.toFixed(1)} MB | ${p99.toFixed(1)} ms |`,
    );
  }
  console.log('\nTargets: ratio >= 0.8, RSS growth < 100 MB, event-loop p99 < 50 ms.');
} finally {
  await stop(labProcess.child);
  rmSync(dir, { recursive: true, force: true });
}
