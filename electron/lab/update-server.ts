/**
 * The vendor's update server, on its own HTTPS port: the catalogue an appliance reads when its
 * operator presses "Check for Updates", and for appliances without internet access the
 * download-key listing and the ranged package downloads. Routes are a table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabCertificate } from './certificates';
import { keyIdOf, readDownloadKey } from './download-keys';
import { readJson, sendJson } from './http-kit';
import { HttpsListener } from './https-listener';
import type { LabModel } from './lab-model';
import { packageHeader } from './lab-package';
import { packageFilename, servePackage } from './package-download';

interface UpdateRoute {
  method: string;
  pattern: RegExp;
  handle: (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => void | Promise<void>;
}

/** How far a key's issuedAt may be from the server's clock (R6: the appliance clock was off). */
const MAX_CLOCK_DIFFERENCE_S = 300;

export class UpdateServer {
  private readonly listener: HttpsListener;
  private baseUrl = '';
  private readonly routes: UpdateRoute[] = [
    { method: 'GET', pattern: /^\/catalogue\/([^/]+)$/, handle: (_req, res, match) => this.catalogue(res, match) },
    { method: 'POST', pattern: /^\/api\/keys$/, handle: (req, res) => this.listForKey(req, res) },
    {
      method: 'GET',
      pattern: /^\/api\/packages\/([^/]+)\/([^/]+)$/,
      handle: (req, res, match) =>
        servePackage(req, res, this.model, decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? '')),
    },
    { method: 'GET', pattern: /^\/$/, handle: (_req, res) => sendJson(res, 200, { service: 'lab update server' }) },
  ];

  constructor(
    private readonly model: LabModel,
    certificate: LabCertificate,
  ) {
    this.listener = new HttpsListener(certificate, (req, res) => this.handle(req, res));
  }

  async listen(port: number): Promise<number> {
    const bound = await this.listener.listen(port);
    this.baseUrl = `https://127.0.0.1:${bound}`;
    return bound;
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
      return route.handle(req, res, match);
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

  /** POST /api/keys {key} — the packages still waiting for the appliance that generated the key. */
  private async listForKey(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return sendJson(res, 400, { error: 'bad-request', message: 'Send {"key": "…"} as JSON.' });
    }
    const key = (body as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') return sendJson(res, 400, { error: 'bad-request', message: 'Send {"key": "…"} as JSON.' });
    const { model } = this;
    const claims = readDownloadKey(model.keySecret, key);
    const record = claims ? model.downloadKey(keyIdOf(key)) : undefined;
    if (!claims || !record || !model.catalogue.knows(claims.serial)) {
      return sendJson(res, 403, {
        error: 'unknown-key',
        message: 'This is not a valid Appliance Download Key. Copy the whole key from the appliance and try again.',
      });
    }
    // The key stays valid for days (it travels on media); what matters is whether the appliance
    // clock was right when the key was made, compared with the true time of that moment.
    const differenceS = claims.issuedAt - Math.floor(Date.parse(record.generatedAt) / 1000);
    if (Math.abs(differenceS) > MAX_CLOCK_DIFFERENCE_S) {
      return sendJson(res, 422, {
        error: 'clock',
        message:
          `The key was generated at ${new Date(claims.issuedAt * 1000).toISOString()} by the appliance's clock, ` +
          `which was ${Math.abs(differenceS)} seconds ${differenceS > 0 ? 'ahead of' : 'behind'} the true time then. ` +
          'Correct the appliance clock (Networking > IP Configuration: NTP), then generate a new key.',
      });
    }
    const keyId = keyIdOf(key);
    // Both held now: a reset while the digests are computed must not register the key in the new world.
    const { catalogue, updateServer } = model;
    const entries = catalogue.list(claims.serial) ?? [];
    const packages = await Promise.all(
      entries.map(async (entry) => {
        const header = packageHeader(entry, claims.serial);
        return {
          id: entry.id,
          name: entry.name,
          kind: entry.kind,
          version: entry.version,
          requires: entry.requires,
          size: header.size,
          sha256: await model.packageDigests.digest(header),
          filename: packageFilename(claims.serial, entry.id),
          url: `${this.baseUrl}/api/packages/${keyId}/${encodeURIComponent(entry.id)}`,
        };
      }),
    );
    updateServer.acceptKey(keyId, claims.serial);
    sendJson(res, 200, { keyId, serial: claims.serial, packages });
  }
}
