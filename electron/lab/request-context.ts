/** What every appliance route handler receives for one request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Appliance } from './appliance-state';
import type { LabModel } from './lab-model';

export interface UpdateServerLink {
  url: string;
  /** PEM the appliance trusts when it calls the update server. */
  caPem: string;
}

/** The appliance's power switch, as its own pages may use it (Shut Down). */
export interface PowerSwitch {
  /** Closes the appliance's listener shortly after the current answer went out. */
  shutDown(): void;
}

export interface ApplianceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  appliance: Appliance;
  model: LabModel;
  updateServer: UpdateServerLink;
  power: PowerSwitch;
}
