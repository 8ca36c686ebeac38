/**
 * The harness as the UI benchmark starts it, in its own process so its memory is its own:
 * the real services on a seeded data folder (no lab: nothing is probed at start-up). Prints
 * `UI_HARNESS {json}` with how long the services took to start, the bytes start-up read, and
 * the cost of the procedure list: the first call (right after start, before the summaries
 * computed in the background are ready) and a cached one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startHarness } from '../harness/server';

/** Bytes this process has read through read(2) and friends so far (Linux). */
function bytesRead(): number {
  const match = /^rchar:\s+(\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: ui-harness.ts DATA_DIR');
  process.exit(2);
}
const readBefore = bytesRead();
const started = performance.now();
const harness = await startHarness({ dataDir, rendererDir: resolve('out/renderer') });
const servicesMs = performance.now() - started;
const readBytes = bytesRead() - readBefore;
const listStarted = performance.now();
const procedures = harness.services.procedures.list().length;
const listColdMs = performance.now() - listStarted;
const cachedStarted = performance.now();
harness.services.procedures.list();
const listWarmMs = performance.now() - cachedStarted;
// As the renderer asks: through the router, which checks the answer against the contract too.
const routedStarted = performance.now();
const routed = await harness.services.router.dispatch('procedures.list', {});
const listRoutedMs = performance.now() - routedStarted;
const listBytes = JSON.stringify(routed).length;
console.log(`UI_HARNESS ${JSON.stringify({ url: harness.url, servicesMs, readBytes, listColdMs, listWarmMs, listRoutedMs, listBytes, procedures, sites: harness.services.sites.list().length })}`);

const stop = () => void harness.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
