/**
 * `npm run harness`: the real renderer and services in a browser, on the practice lab.
 *   --data-dir DIR     where settings, vault and procedures live (default .harness-data)
 *   --port N           harness port (default 5180)
 *   --lab-info JSON    use a lab started elsewhere (the LAB_INFO line of lab-process.ts)
 *   --time-scale N     lab time scale when the harness starts its own lab (default 60)
 *   --scenario NAME    lab scenario when the harness starts its own lab (default single; e.g. failover, migration-virtual)
 *   --media DIR        a folder shown as a removable drive (repeatable); "Choose folder" picks the first
 * Prints `HARNESS_URL <url>` once it is ready.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLab, type RunningLab } from '../../electron/lab';
import { isScenarioName } from '../../electron/lab/scenarios';
import type { PracticeLabSite } from '../../electron/services/sites/sites-service';
import { practiceLabSite, practiceUpdateServer } from './practice-lab-site';
import { startHarness } from './server';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.harness-data' },
    port: { type: 'string', default: '5180' },
    'lab-info': { type: 'string' },
    'time-scale': { type: 'string', default: '60' },
    scenario: { type: 'string', default: 'single' },
    'poll-ms': { type: 'string' },
    media: { type: 'string', multiple: true, default: [] },
  },
});

const rendererDir = resolve('out/renderer');
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  console.error('The renderer is not built yet: run `npm run build` first.');
  process.exit(2);
}

let lab: RunningLab | undefined;
let site: PracticeLabSite;
let updateServer: { url: string; pinnedFingerprint256: string } | undefined;
if (values['lab-info']) {
  ({ site, updateServer } = JSON.parse(values['lab-info']) as { site: PracticeLabSite; updateServer?: typeof updateServer });
} else {
  if (!isScenarioName(values.scenario)) {
    console.error(`Unknown lab scenario “${values.scenario}”.`);
    process.exit(2);
  }
  lab = await startLab({ scenario: values.scenario, timeScale: Number(values['time-scale']), ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
  site = practiceLabSite(lab);
  updateServer = practiceUpdateServer(lab);
  console.log(`Practice lab appliance ${site.applianceUrl} (control ${lab.controlUrl})`);
}

const harness = await startHarness({
  dataDir: resolve(values['data-dir']!),
  rendererDir,
  port: Number(values.port),
  practiceLab: site,
  updateServer,
  timing: values['poll-ms'] ? { pollIntervalMs: Number(values['poll-ms']) } : undefined,
  mediaDirs: values.media!.map((dir) => resolve(dir)),
  pickFolder: () => (values.media![0] ? resolve(values.media![0]) : undefined),
});
console.log(`HARNESS_URL ${harness.url}`);

const stop = async () => {
  await harness.close();
  await lab?.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
