/**
 * The whole simulated world behind the servers: scenario, clock, appliances, update catalogue
 * and update server records. Servers look appliances up here on every request, so a reset
 * swaps the state without restarting any listener.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ServedBackup } from './appliance-lifecycle';
import { Appliance, type DownloadKeyRecord } from './appliance-state';
import { CertificateStore } from './certificate-store';
import type { LabDns } from './lab-dns';
import { LabClock } from './lab-clock';
import { LabFailover } from './failover-pair';
import { LabNetwork } from './lab-network';
import { PackageDigests } from './lab-package';
import { LabPki } from './pki';
import { UpdateCatalogue } from './update-catalogue';
import { UpdateServerState } from './update-server-state';
import { buildScenario, type CatalogueEntry, type Scenario, type ScenarioName } from './scenarios';
import type { PackageBytes } from './types';

const MIN_PACKAGE_BYTES = 1024;

export class LabModel {
  readonly clock: LabClock;
  scenario: Scenario;
  catalogue = new UpdateCatalogue();
  updateServer = new UpdateServerState();
  /** Shared by appliances (which sign download keys) and the update server (which checks them). */
  readonly keySecret = randomBytes(32);
  /** Outlives resets: package bytes depend only on their header, so their digests stay valid. */
  readonly packageDigests = new PackageDigests();
  /** 'change' (applianceId) whenever what an appliance presents on its IP changes. */
  readonly certificateChanges = new EventEmitter<{ change: [applianceId: string] }>();
  /** What the site front door follows: shared IP, DNS record or NAT rule. */
  network: LabNetwork;
  /** Failover relationships, syncs and role changes between the appliances. */
  readonly failover: LabFailover;
  private appliances = new Map<string, Appliance>();

  constructor(
    scenarioName: ScenarioName,
    timeScale: number,
    readonly backupBytes: number,
    readonly packageBytes: PackageBytes = {},
    /** Issues every appliance's leaf; kept across resets so pinned fingerprints stay valid. */
    readonly pki: LabPki = LabPki.create(),
  ) {
    for (const [kind, bytes] of Object.entries(packageBytes)) {
      // A package must at least hold its header line; anything smaller cannot be a package.
      if (!Number.isInteger(bytes) || bytes < MIN_PACKAGE_BYTES) {
        throw new RangeError(`packageBytes.${kind} must be a whole number of at least ${MIN_PACKAGE_BYTES}.`);
      }
    }
    this.clock = new LabClock(timeScale);
    this.scenario = buildScenario(scenarioName);
    this.failover = new LabFailover(() => this.appliances.values(), this.clock);
    this.network = this.newNetwork();
    this.populate();
  }

  /** The site hostname's DNS record (the front door follows it with network method `dns`). */
  get dns(): LabDns {
    return this.network.dns;
  }

  applianceIds(): string[] {
    return Object.keys(this.scenario.appliances);
  }

  appliance(id: string): Appliance | undefined {
    return this.appliances.get(id);
  }

  /** The record of a download key some appliance of this lab generated, if any did. */
  downloadKey(keyId: string): DownloadKeyRecord | undefined {
    for (const appliance of this.appliances.values()) {
      const record = appliance.downloadKeys.find((k) => k.keyId === keyId);
      if (record) return record;
    }
    return undefined;
  }

  /** A settings backup with this SHA-256 that some appliance of this lab served, if any did. */
  servedBackup(sha256: string): ServedBackup | undefined {
    for (const appliance of this.appliances.values()) {
      const record = appliance.backups.find((backup) => backup.sha256 === sha256);
      if (record) return { serial: appliance.serial, record };
    }
    return undefined;
  }

  /** Back to the scenario's start: fresh appliances and catalogue, clock restarted at real time. */
  reset(scenarioName: ScenarioName): void {
    this.dispose();
    this.scenario = buildScenario(scenarioName);
    this.catalogue = new UpdateCatalogue();
    this.updateServer = new UpdateServerState();
    this.clock.restart();
    this.network = this.newNetwork();
    this.populate();
  }

  setTimeScale(scale: number): void {
    this.clock.setScale(scale);
    this.rescheduleAll();
  }

  advance(seconds: number): void {
    this.clock.advance(seconds);
    this.rescheduleAll();
  }

  snapshot() {
    const appliances: Record<string, ReturnType<Appliance['snapshot']> & { failover: object }> = {};
    for (const [id, appliance] of this.appliances) {
      const { role, peer, lastSyncAt, lastSyncStatus, lastSyncMessage, syncing } = this.failover.view(appliance);
      appliances[id] = { ...appliance.snapshot(), failover: { role, peer, lastSyncAt, lastSyncStatus, lastSyncMessage, syncing } };
    }
    return {
      scenario: this.scenario.name,
      timeScale: this.clock.scale,
      labTime: new Date(this.clock.now()).toISOString(),
      backupBytes: this.backupBytes,
      appliances,
      dns: this.dns.snapshot(),
      network: this.network.snapshot(),
      catalogue: this.catalogue.snapshot(),
      updateServer: this.updateServer.snapshot(),
    };
  }

  dispose(): void {
    for (const appliance of this.appliances.values()) appliance.dispose();
  }

  /** Ends everything the model runs by itself, for closing the lab (a reset only disposes). */
  close(): void {
    this.dispose();
    this.packageDigests.stop();
  }

  private newNetwork(): LabNetwork {
    return new LabNetwork(this.scenario.network, this.scenario.siteHostname, this.clock, () => this.appliances.values());
  }

  private populate(): void {
    this.appliances = new Map();
    const { pair, siteHostname } = this.scenario;
    // The two appliances of a pair present one leaf naming both of them and the site.
    const pairLeaf = pair
      ? { label: 'failover-pair', names: [pair.primary, pair.backup].map((id) => this.scenario.appliances[id]!.hostname) }
      : undefined;
    for (const [id, spec] of Object.entries(this.scenario.appliances)) {
      const { hostname, ip } = spec;
      const inPair = pair !== null && (id === pair.primary || id === pair.backup);
      const certificates =
        spec.credentials === null
          ? CertificateStore.factory(hostname, ip, this.pki)
          : CertificateStore.issued(this.pki, { hostname, ip, siteHostname, ...(inPair ? { shared: pairLeaf } : {}) });
      certificates.onChange = () => this.certificateChanges.emit('change', id);
      this.appliances.set(id, new Appliance(id, spec, this.clock, certificates, this.scenario.siteHostname));
      this.catalogue.add(id, spec.serial, spec.catalogue.map((entry) => this.sized(entry)));
    }
    const primary = pair && this.appliances.get(pair.primary);
    const backup = pair && this.appliances.get(pair.backup);
    if (primary && backup) this.failover.pairAtStart(primary, backup);
    for (const id of this.appliances.keys()) this.certificateChanges.emit('change', id);
  }

  private sized(entry: CatalogueEntry): CatalogueEntry {
    return { ...entry, sizeBytes: this.packageBytes[entry.kind] ?? entry.sizeBytes };
  }

  private rescheduleAll(): void {
    for (const appliance of this.appliances.values()) {
      appliance.settle();
      appliance.scheduleCompletion();
    }
  }
}
