/**
 * `npm run lab [-- --port-base N] [--time-scale N] [--cert-dir DIR]`: serves the practice lab
 * on fixed ports (appliance 9443, update server 9450, control 9440, shifted by the port
 * base) until SIGINT or SIGTERM.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLab } from './index';

const DEFAULT_PORTS = { appliance: 9443, updateServer: 9450, control: 9440 };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'port-base': { type: 'string' },
      'time-scale': { type: 'string' },
      'cert-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run lab -- [--port-base N] [--time-scale N] [--cert-dir DIR]\n' +
        '  --port-base N   add N to the ports 9443 (appliance), 9450 (update server), 9440 (control)\n' +
        '  --time-scale N  lab seconds per real second (default 60)\n' +
        '  --cert-dir DIR  keep the lab CA and certificates there so trust and fingerprints survive restarts\n',
    );
    return;
  }
  const portBase = parseNumber(values['port-base'] ?? '0', '--port-base');
  const timeScale = parseNumber(values['time-scale'] ?? '60', '--time-scale');
  const lab = await startLab({
    timeScale,
    certDir: values['cert-dir'],
    ports: {
      appliance: DEFAULT_PORTS.appliance + portBase,
      updateServer: DEFAULT_PORTS.updateServer + portBase,
      control: DEFAULT_PORTS.control + portBase,
    },
  });

  const lines = ['Practice lab running (time scale ' + timeScale + ')', ''];
  for (const [id, appliance] of Object.entries(lab.appliances)) {
    lines.push(
      `Appliance ${id}  ${appliance.url}/appliance   (${appliance.hostname}, serial ${appliance.serial})`,
      `             ${appliance.url}/login`,
    );
  }
  lines.push(
    `Site hostname    ${lab.siteHostname}`,
    `Fingerprint      ${lab.fingerprint256}`,
    ...(values['cert-dir'] ? [`Root CA          ${join(values['cert-dir'], 'lab-root-ca.pem')}`] : []),
    `Update server    ${lab.updateServerUrl}`,
    `Lab control      ${lab.controlUrl}/lab/state`,
    '',
    `API client       ${lab.credentials.apiClientId} / ${lab.credentials.apiClientSecret}`,
    `Admin            ${lab.credentials.adminUser} / ${lab.credentials.adminPassword}`,
    '',
    'Press Ctrl+C to stop.',
  );
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the lab…\n`);
    lab.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Lab did not close cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function parseNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${flag} takes a number, got "${text}".`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start the lab: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
