/**
 * Runs the practice lab as its own process for tests that must kill and restart the
 * services while the appliances keep running. Prints one line `LAB_INFO {json}`.
 */
import { startLab } from '../../electron/lab';
import { practiceLabSite } from './practice-lab-site';

const timeScale = Number(process.env.LAB_TIME_SCALE ?? '60');
const lab = await startLab({ timeScale, ports: { appliance: 0, updateServer: 0, control: 0 } });
process.stdout.write(`LAB_INFO ${JSON.stringify({ site: practiceLabSite(lab), controlUrl: lab.controlUrl, certificatePem: lab.certificatePem })}\n`);

const stop = () => void lab.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
