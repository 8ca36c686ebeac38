/** What every appliance route handler receives for one request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Appliance } from './appliance-state';
import type { LabModel } from './lab-model';

export interface UpdateServerLink {
  url: string;
  /** PEM the appliance trusts when it calls the update server. */
  caPem: string;
}

export interface ApplianceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  appliance: Appliance;
  model: LabModel;
  updateServer: UpdateServerLink;
}
