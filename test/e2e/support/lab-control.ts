/** Talks to the lab's /lab control API over HTTPS, trusting only the lab's own certificate. */
import { request } from 'node:https';

export interface LabControl {
  state(): Promise<LabState>;
  post(path: string, body: unknown): Promise<unknown>;
  fault(fault: string, value: unknown, appliance?: string): Promise<unknown>;
}

export interface LabState {
  appliances: Record<
    string,
    {
      siteVersion: string;
      baseVersion: string;
      status: string;
      backups: { sha256: string; size: number }[];
      maxConcurrentJumpClientUpgrades: number;
      jumpClients: { total: number; online: number; upgrading: number; pending: number };
    }
  >;
}

export function labControl(controlUrl: string, certificatePem: string): LabControl {
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        new URL(path, controlUrl),
        { method, ca: certificatePem, agent: false, headers: payload ? { 'content-type': 'application/json' } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(text ? JSON.parse(text) : undefined);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    state: () => call('GET', '/lab/state') as Promise<LabState>,
    post: (path, body) => call('POST', path, body),
    fault: (fault, value, appliance = 'A') => call('POST', '/lab/faults', { appliance, fault, value }),
  };
}
