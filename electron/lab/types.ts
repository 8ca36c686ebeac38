/** Public shapes of the practice lab (see PROTOCOL.md, "Start"). */
import type { FactoryCredentials } from './appliance-settings';
import type { ApplianceKind, Credentials, ScenarioName, UpdateKind } from './scenarios';

export interface StartLabOptions {
  /** Default 'single'. */
  scenario?: ScenarioName;
  /** Lab seconds per real second; default 60. */
  timeScale?: number;
  /** 0 = any free port (the default for each). */
  /** `appliance` is the first appliance's port; the others follow it (A, then N or B). `site` is the site front door. */
  ports?: { appliance?: number; updateServer?: number; control?: number; site?: number };
  /** If set, keep the lab CAs and leaves there and reuse them while valid (created on first start). */
  certDir?: string;
  /** Size of every generated settings backup; default 3 MiB. */
  backupBytes?: number;
  /** Size of every update package of that kind (header included); default per scenario (single: base 6 MiB, site 10 MiB). */
  packageBytes?: PackageBytes;
}

export type PackageBytes = Partial<Record<UpdateKind, number>>;

export interface LabApplianceInfo {
  url: string;
  port: number;
  serial: string;
  hostname: string;
  /** Lab-fictional address shown on its pages and used by Assign IP. */
  ip: string;
  kind: ApplianceKind;
  fingerprint256: string;
  /** Its accounts at start: a factory appliance has admin/password and no API account (nulls). */
  credentials: Credentials | FactoryCredentials;
}

export interface RunningLab {
  appliances: Record<string, LabApplianceInfo>;
  siteHostname: string;
  /** https://127.0.0.1:PORT of the site front door: forwards to the appliance the lab network sends it to (shared IP, DNS or NAT). */
  siteUrl: string;
  updateServerUrl: string;
  controlUrl: string;
  /** Appliance A's demo credentials. */
  credentials: Credentials;
  /** The lab root CA (PEM): pass it as the CA to trust every lab server. */
  certificatePem: string;
  /** What appliance A presents at start. */
  fingerprint256: string;
  close(): Promise<void>;
}

export type { ApplianceKind, Credentials, FactoryCredentials, ScenarioName };
