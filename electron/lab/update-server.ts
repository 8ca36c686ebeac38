/**
 * The vendor's update server, on its own HTTPS port. Version 1 serves the catalogue an
 * appliance reads when its operator presses "Check for Updates"; routes are a table so
 * download keys and ranged package downloads can join it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabCertificate } from './certificates';
import { sendJson } from './http-kit';
import { HttpsListener } from './https-listener';
import type { LabModel } from './lab-model';

interface UpdateRoute {
  method: string;
  pattern: RegExp;
  handle: (res: ServerResponse, match: RegExpExecArray) => void;
}

export class UpdateServer {
  private readonly listener: HttpsListener;
  private readonly routes: UpdateRoute[] = [
    { method: 'GET', pattern: /^\/catalogue\/([^/]+)$/, handle: (res, match) => this.catalogue(res, match) },
    { method: 'GET', pattern: /^\/$/, handle: (res) => sendJson(res, 200, { service: 'lab update server' }) },
  ];

  constructor(
    private readonly model: LabModel,
    certificate: LabCertificate,
  ) {
    this.listener = new HttpsListener(certificate, (req, res) => this.handle(req, res));
  }

  listen(port: number): Promise<number> {
    return this.listener.listen(port);
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'https://updates.invalid');
    for (const route of this.routes) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      if (req.method !== route.method) return sendJson(res, 405, { error: `Use ${route.method}.` });
      return route.handle(res, match);
    }
    sendJson(res, 404, { error: 'No such resource on the update server.' });
  }

  /** GET /catalogue/:serial — packages built for that appliance and not yet downloaded. */
  private catalogue(res: ServerResponse, match: RegExpExecArray): void {
    const serial = decodeURIComponent(match[1] ?? '');
    const updates = this.model.catalogue.list(serial);
    if (!updates) return sendJson(res, 404, { error: `No appliance with serial ${serial} is registered.` });
    sendJson(res, 200, { serial, updates });
  }
}
