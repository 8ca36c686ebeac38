/**
 * Runs the practice lab as its own process for tests that must kill and restart the
 * services while the appliances keep running. Prints one line `LAB_INFO {json}`.
 */
import { startLab } from '../../electron/lab';
import { practiceLabSite, practiceUpdateServer } from './practice-lab-site';

const timeScale = Number(process.env.LAB_TIME_SCALE ?? '60');
// LAB_BASE_PACKAGE_BYTES: size of the Base package (the benchmark uses 1 GiB).
const baseBytes = process.env.LAB_BASE_PACKAGE_BYTES ? Number(process.env.LAB_BASE_PACKAGE_BYTES) : undefined;
const lab = await startLab({
  timeScale,
  ports: { appliance: 0, updateServer: 0, control: 0 },
  ...(baseBytes ? { packageBytes: { base: baseBytes, site: 16 * 1024 * 1024 } } : {}),
});
process.stdout.write(
  `LAB_INFO ${JSON.stringify({ site: practiceLabSite(lab), updateServer: practiceUpdateServer(lab), controlUrl: lab.controlUrl, updateServerUrl: lab.updateServerUrl, certificatePem: lab.certificatePem })}\n`,
);

const stop = () => void lab.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
