/** Public shapes of the practice lab (see PROTOCOL.md, "Start"). */
import type { Credentials, ScenarioName, UpdateKind } from './scenarios';

export interface StartLabOptions {
  /** Default 'single'. */
  scenario?: ScenarioName;
  /** Lab seconds per real second; default 60. */
  timeScale?: number;
  /** 0 = any free port (the default for each). */
  ports?: { appliance?: number; updateServer?: number; control?: number };
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
  fingerprint256: string;
}

export interface RunningLab {
  appliances: Record<string, LabApplianceInfo>;
  siteHostname: string;
  updateServerUrl: string;
  controlUrl: string;
  credentials: Credentials;
  /** The lab root CA (PEM): pass it as the CA to trust every lab server. */
  certificatePem: string;
  /** What appliance A presents at start. */
  fingerprint256: string;
  close(): Promise<void>;
}

export type { Credentials, ScenarioName };
