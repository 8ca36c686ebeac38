/**
 * startLab(): the practice lab in-process — one HTTPS server per appliance, the update
 * server and the /lab control server, all on 127.0.0.1 with certificates of the lab PKI
 * (root → issuing CA → leaves; a factory appliance presents its own self-signed one).
 */
import { ApplianceServer } from './appliance-server';
import { DEFAULT_BACKUP_BYTES } from './backup-archive';
import { controlHandler } from './control-routes';
import { HttpsListener } from './https-listener';
import { labControl } from './lab-control';
import { LabModel } from './lab-model';
import { LabPki } from './pki';
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
  const pki = options.certDir ? LabPki.loadOrCreate(options.certDir) : LabPki.create();
  const model = new LabModel(
    scenarioName,
    options.timeScale ?? 60,
    options.backupBytes ?? DEFAULT_BACKUP_BYTES,
    options.packageBytes,
    pki,
  );
  // The update server and the control server present the first configured appliance's leaf (same
  // CA, covers localhost and 127.0.0.1), so a client pinning lab.fingerprint256 reaches every server.
  const firstIssued = Object.entries(scenario.appliances).find(([, spec]) => spec.credentials !== null)?.[0];
  const services =
    (firstIssued ? model.appliance(firstIssued)?.certificates.served() : undefined) ??
    pki.leaf('lab-services', { commonName: 'Lab services', names: ['localhost', LOOPBACK] });

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    model.close();
    await Promise.all(closers.splice(0).map((close) => close()));
  };

  try {
    const updateServer = new UpdateServer(model, services);
    closers.push(() => updateServer.close());
    const updateServerUrl = `https://${LOOPBACK}:${await updateServer.listen(options.ports?.updateServer ?? 0)}`;

    const servers = new Map<string, ApplianceServer>();
    const appliances: Record<string, LabApplianceInfo> = {};
    let offset = 0;
    for (const [id, spec] of Object.entries(scenario.appliances)) {
      const server = new ApplianceServer(id, model, hostnames, { url: updateServerUrl, caPem: pki.rootPem });
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
        fingerprint256: server.certificate.fingerprint256,
        credentials: credentialsOf(settingsFromSpec(spec, scenario.siteHostname)),
      };
    }

    // Each new connection goes where the network sends it at that moment (shared IP, DNS or NAT).
    const frontDoor = new SiteFrontDoor(() => {
      const target = model.network.route();
      const server = target === null ? undefined : servers.get(target);
      return server?.isOn ? server.port : null;
    });
    closers.push(() => frontDoor.close());
    const siteUrl = `https://${LOOPBACK}:${await frontDoor.listen(options.ports?.site ?? 0)}`;

    const control = new HttpsListener(services, controlHandler(labControl(model, servers)));
    closers.push(() => control.close());
    const controlUrl = `https://${LOOPBACK}:${await control.listen(options.ports?.control ?? 0)}`;

    return {
      appliances,
      siteHostname: scenario.siteHostname,
      siteUrl,
      updateServerUrl,
      controlUrl,
      credentials: { ...scenario.credentials },
      certificatePem: pki.rootPem,
      fingerprint256: (appliances.A ?? Object.values(appliances)[0])!.fingerprint256,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
