/**
 * Shared set-up for integration tests against the practice lab: starting it on free ports,
 * calling its control port, and building the appliance endpoint, admin session and update
 * server client for appliance A. Also the two waits every lab test needs: `failure` (the
 * call must reject with an AppError) and `eventually` (retry while the appliance restarts).
 */
import https from 'node:https';
import { expect } from 'vitest';
import { startLab, type RunningLab } from '../../../electron/lab';
import { createAdminSession, type AdminSession, type ApplianceEndpoint } from '../../../electron/services/appliance';
import { createUpdateServerClient, type UpdateServerClient, type UpdateServerOptions } from '../../../electron/services/update-server';
import { AppError } from '../../../shared/errors';

/** Starts the lab fast (timeScale 600) on ports the system picks. */
export function startTestLab(): Promise<RunningLab> {
  return startLab({ timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0 } });
}

/** Calls the lab's control port, trusting only the lab's own certificate. */
export function labControl<State>(lab: RunningLab, method: string, path: string, body?: unknown): Promise<State> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      new URL(path, lab.controlUrl),
      { method, ca: lab.certificatePem, headers: payload ? { 'Content-Type': 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`lab ${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text) as State);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Appliance A of the lab, pinned to its certificate, with the lab's credentials. */
export function applianceEndpoint(lab: RunningLab, overrides: Partial<ApplianceEndpoint> = {}): ApplianceEndpoint {
  return {
    baseUrl: lab.appliances.A!.url,
    pinnedFingerprint256: lab.appliances.A!.fingerprint256,
    apiClientId: lab.credentials.apiClientId,
    apiClientSecret: lab.credentials.apiClientSecret,
    adminUser: lab.credentials.adminUser,
    adminPassword: lab.credentials.adminPassword,
    ...overrides,
  };
}

/** A new admin session on appliance A. */
export function labAdmin(lab: RunningLab): AdminSession {
  return createAdminSession(applianceEndpoint(lab));
}

/** A new client for the lab's update server, pinned to the lab's certificate. */
export function labUpdateServer(lab: RunningLab, options: Pick<UpdateServerOptions, 'retryDelaysMs'> = {}): UpdateServerClient {
  return createUpdateServerClient({ baseUrl: lab.updateServerUrl, pinnedFingerprint256: lab.fingerprint256, ...options });
}

/** Binds the helpers above to one lab that a test file starts in beforeAll. */
export interface LabFixture<State> {
  /** The running lab; only valid after start(). */
  readonly lab: RunningLab;
  start(): Promise<RunningLab>;
  close(): Promise<void>;
  control(method: string, path: string, body?: unknown): Promise<State>;
  /** Resets the lab to the "single" scenario (one appliance, A). */
  resetSingle(): Promise<State>;
  /** Sets a fault on appliance A. */
  fault(name: string, value: unknown): Promise<State>;
  /** Sets a fault on a named target: an appliance or 'update-server'. */
  faultOn(target: string, name: string, value: unknown): Promise<State>;
  endpoint(overrides?: Partial<ApplianceEndpoint>): ApplianceEndpoint;
  admin(): AdminSession;
  server(options?: Pick<UpdateServerOptions, 'retryDelaysMs'>): UpdateServerClient;
}

export function createLabFixture<State>(): LabFixture<State> {
  let running: RunningLab | undefined;
  const current = (): RunningLab => {
    if (!running) throw new Error('the lab is not started');
    return running;
  };
  const control = (method: string, path: string, body?: unknown) => labControl<State>(current(), method, path, body);
  return {
    get lab() {
      return current();
    },
    start: async () => {
      running = await startTestLab();
      return running;
    },
    close: async () => {
      await running?.close();
    },
    control,
    resetSingle: () => control('POST', '/lab/reset', { scenario: 'single' }),
    fault: (name, value) => control('POST', '/lab/faults', { appliance: 'A', fault: name, value }),
    faultOn: (target, name, value) => control('POST', '/lab/faults', { appliance: target, fault: name, value }),
    endpoint: (overrides = {}) => applianceEndpoint(current(), overrides),
    admin: () => labAdmin(current()),
    server: (options) => labUpdateServer(current(), options),
  };
}

/** Awaits a call that must fail with an AppError, and returns the error. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the call to fail');
}

/** Retries while the appliance reports APPLIANCE_DOWN (it restarts after an install). */
export async function eventually<T>(attempt: () => Promise<T>, withinMs: number): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > until || !(error instanceof AppError) || error.code !== 'APPLIANCE_DOWN') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
