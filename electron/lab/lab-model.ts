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
import { LabDns } from './lab-dns';
import { LabClock } from './lab-clock';
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
  /** The site hostname's DNS record: which appliance the front door forwards to. */
  dns: LabDns;
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
    this.dns = new LabDns(this.scenario.siteHostname, 'A', this.clock);
    this.populate();
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
    this.dns = new LabDns(this.scenario.siteHostname, 'A', this.clock);
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
    const appliances: Record<string, ReturnType<Appliance['snapshot']>> = {};
    for (const [id, appliance] of this.appliances) appliances[id] = appliance.snapshot();
    return {
      scenario: this.scenario.name,
      timeScale: this.clock.scale,
      labTime: new Date(this.clock.now()).toISOString(),
      backupBytes: this.backupBytes,
      appliances,
      dns: this.dns.snapshot(),
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

  private populate(): void {
    this.appliances = new Map();
    for (const [id, spec] of Object.entries(this.scenario.appliances)) {
      const { hostname, ip } = spec;
      const certificates =
        spec.credentials === null
          ? CertificateStore.factory(hostname, ip, this.pki)
          : CertificateStore.issued(this.pki, { hostname, ip, siteHostname: this.scenario.siteHostname });
      certificates.onChange = () => this.certificateChanges.emit('change', id);
      this.appliances.set(id, new Appliance(id, spec, this.clock, certificates, this.scenario.siteHostname));
      this.catalogue.add(id, spec.serial, spec.catalogue.map((entry) => this.sized(entry)));
    }
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
