/**
 * `npm run lab [-- --scenario NAME] [--port-base N] [--time-scale N] [--cert-dir DIR]`: serves
 * the practice lab on fixed ports (appliance 9443 and up, one per appliance, update server
 * 9450, control 9440, site front door 9460, shifted by the port base) until SIGINT or SIGTERM.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLab } from './index';
import { isScenarioName, SCENARIO_NAMES } from './scenarios';

const DEFAULT_PORTS = { appliance: 9443, updateServer: 9450, control: 9440, site: 9460 };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'port-base': { type: 'string' },
      'time-scale': { type: 'string' },
      'cert-dir': { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run lab -- [--scenario NAME] [--port-base N] [--time-scale N] [--cert-dir DIR]\n' +
        `  --scenario NAME ${SCENARIO_NAMES.join(' | ')} (default single)\n` +
        '  --port-base N   add N to the ports 9443 (appliances, one each), 9450 (update server), 9440 (control), 9460 (site)\n' +
        '  --time-scale N  lab seconds per real second (default 60)\n' +
        '  --cert-dir DIR  keep the lab CA and certificates there so trust and fingerprints survive restarts\n',
    );
    return;
  }
  const portBase = parseNumber(values['port-base'] ?? '0', '--port-base');
  const timeScale = parseNumber(values['time-scale'] ?? '60', '--time-scale');
  const scenario = values.scenario ?? 'single';
  if (!isScenarioName(scenario)) throw new Error(`--scenario takes ${SCENARIO_NAMES.join(', ')}, got "${scenario}".`);
  const lab = await startLab({
    scenario,
    timeScale,
    certDir: values['cert-dir'],
    ports: {
      appliance: DEFAULT_PORTS.appliance + portBase,
      updateServer: DEFAULT_PORTS.updateServer + portBase,
      control: DEFAULT_PORTS.control + portBase,
      site: DEFAULT_PORTS.site + portBase,
    },
  });

  const lines = [`Practice lab running (scenario ${scenario}, time scale ${timeScale})`, ''];
  for (const [id, appliance] of Object.entries(lab.appliances)) {
    const { credentials } = appliance;
    lines.push(
      `Appliance ${id}  ${appliance.url}/appliance   (${appliance.hostname}, serial ${appliance.serial}, ${appliance.kind}, ip ${appliance.ip})`,
      `             ${appliance.url}/login`,
      `             admin ${credentials.adminUser} / ${credentials.adminPassword}` +
        (credentials.apiClientId ? `, API ${credentials.apiClientId} / ${credentials.apiClientSecret}` : ', no API account (factory state)'),
    );
  }
  lines.push(
    `Site address     ${lab.siteUrl}   (front door for ${lab.siteHostname}; follows ${scenario === 'failover' ? 'the shared IP' : 'DNS'})`,
    `                 DNS controller ${lab.controlUrl}/lab/dns, NAT controller ${lab.controlUrl}/lab/nat`,
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
