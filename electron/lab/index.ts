/**
 * startLab(): the practice lab in-process — one HTTPS server per appliance, the update
 * server and the /lab control server, all on 127.0.0.1 with one self-signed certificate.
 */
import { ApplianceServer } from './appliance-server';
import { DEFAULT_BACKUP_BYTES } from './backup-archive';
import { generateCertificate, loadOrCreateCertificate, type LabCertificate } from './certificates';
import { controlHandler } from './control-routes';
import { HttpsListener } from './https-listener';
import { labControl } from './lab-control';
import { LabModel } from './lab-model';
import { credentialsOf, settingsFromSpec } from './appliance-settings';
import { buildScenario } from './scenarios';
import { SiteFrontDoor } from './site-front-door';
import type { LabApplianceInfo, RunningLab, StartLabOptions } from './types';
import { UpdateServer } from './update-server';

export type {
  ApplianceKind,
  Credentials,
  FactoryCredentials,
  LabApplianceInfo,
  PackageBytes,
  RunningLab,
  ScenarioName,
  StartLabOptions,
} from './types';

const LOOPBACK = '127.0.0.1';

export async function startLab(options: StartLabOptions = {}): Promise<RunningLab> {
  const scenarioName = options.scenario ?? 'single';
  const scenario = buildScenario(scenarioName);
  const hostnames = [
    'localhost',
    LOOPBACK,
    ...Object.values(scenario.appliances).map((spec) => spec.hostname),
    scenario.siteHostname,
  ];
  const certificate: LabCertificate = options.certDir
    ? await loadOrCreateCertificate(options.certDir, hostnames, scenario.siteHostname)
    : generateCertificate(hostnames, scenario.siteHostname);
  const model = new LabModel(
    scenarioName,
    options.timeScale ?? 60,
    options.backupBytes ?? DEFAULT_BACKUP_BYTES,
    options.packageBytes,
  );

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    model.close();
    await Promise.all(closers.splice(0).map((close) => close()));
  };

  try {
    const updateServer = new UpdateServer(model, certificate);
    closers.push(() => updateServer.close());
    const updateServerUrl = `https://${LOOPBACK}:${await updateServer.listen(options.ports?.updateServer ?? 0)}`;

    const servers = new Map<string, ApplianceServer>();
    const appliances: Record<string, LabApplianceInfo> = {};
    let offset = 0;
    for (const [id, spec] of Object.entries(scenario.appliances)) {
      const server = new ApplianceServer(id, model, certificate, hostnames, {
        url: updateServerUrl,
        caPem: certificate.certPem,
      });
      closers.push(() => server.close());
      const basePort = options.ports?.appliance ?? 0;
      const port = await server.listen(basePort === 0 ? 0 : basePort + offset);
      offset += 1;
      servers.set(id, server);
      appliances[id] = {
        url: `https://${LOOPBACK}:${port}`,
        port,
        serial: spec.serial,
        hostname: spec.hostname,
        ip: spec.ip,
        kind: spec.kind,
        fingerprint256: certificate.fingerprint256,
        credentials: credentialsOf(settingsFromSpec(spec, scenario.siteHostname)),
      };
    }

    // Each new connection goes where the DNS record points at that moment.
    const frontDoor = new SiteFrontDoor(() => {
      const server = servers.get(model.dns.target);
      return server?.isOn ? server.port : null;
    });
    closers.push(() => frontDoor.close());
    const siteUrl = `https://${LOOPBACK}:${await frontDoor.listen(options.ports?.site ?? 0)}`;

    const control = new HttpsListener(certificate, controlHandler(labControl(model, servers)));
    closers.push(() => control.close());
    const controlUrl = `https://${LOOPBACK}:${await control.listen(options.ports?.control ?? 0)}`;

    return {
      appliances,
      siteHostname: scenario.siteHostname,
      siteUrl,
      updateServerUrl,
      controlUrl,
      credentials: { ...scenario.credentials },
      certificatePem: certificate.certPem,
      fingerprint256: certificate.fingerprint256,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
