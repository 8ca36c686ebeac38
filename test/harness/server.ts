/**
 * The test harness (ARCHITECTURE.md rule 3): the real services, composed exactly as in the
 * Electron main process, served to the real renderer over a loopback websocket, so a browser
 * (Playwright + system Chromium) can drive the whole app where Electron cannot run.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Conf from 'conf';
import { WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../../electron/platform/content-security';
import { mimeTypeOf, resolveStaticPath } from '../../electron/platform/static-files';
import { composeServices, type ServiceDeps, type Services } from '../../electron/services/compose';
import { createFolderDriveLister } from '../../electron/services/media';
import type { SettingsStore } from '../../electron/services/ports';
import type { PracticeLabSite } from '../../electron/services/sites/sites-service';
import { bridgeScript } from './bridge-script';
import { createFileSecretStore } from './file-secret-store';

export interface HarnessOptions {
  dataDir: string;
  rendererDir: string;
  port?: number;
  practiceLab?: PracticeLabSite;
  timing?: ServiceDeps['timing'];
  /** The update server the connected side (P2-fetch) talks to. */
  updateServer?: ServiceDeps['updateServer'];
  /** Folders presented as removable drives (folder-backed media). */
  mediaDirs?: string[];
  /** What "Choose folder…" answers (there is no native dialog here); default: none chosen. */
  pickFolder?: () => string | undefined;
  requestTimeoutMs?: number;
}

export interface RunningHarness {
  url: string;
  services: Services;
  /** Pages the app asked to open in the system browser (there is none here). */
  openedPages: string[];
  close(): Promise<void>;
}


function confSettings(dataDir: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings', projectName: 'appliance-upgrade-assistant' });
  return { get: <T>(key: string) => conf.get(key) as T | undefined, set: (key, value) => conf.set(key, value), delete: (key) => conf.delete(key) };
}

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const openedPages: string[] = [];
  const services = await composeServices({
    dataDir: options.dataDir,
    appVersion: '0.1.0-harness',
    operator: 'harness-operator',
    settings: confSettings(options.dataDir),
    secrets: createFileSecretStore(join(options.dataDir, 'secrets')),
    pages: { open: async (url) => void openedPages.push(url) },
    drives: createFolderDriveLister(options.mediaDirs ?? []),
    folders: { chooseFolder: async () => options.pickFolder?.() },
    practiceLab: options.practiceLab,
    updateServer: options.updateServer,
    timing: options.timing,
    requestTimeoutMs: options.requestTimeoutMs,
    onUnexpectedError: (where, error) => console.error(`[harness] unexpected error in ${where}:`, error),
  });

  let origin = '';
  const server = createServer((req, res) => void serveStatic(req, res));

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = {
      'content-security-policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (pathname === '/harness-bridge.js') {
      res.writeHead(200, { ...headers, 'content-type': mimeTypeOf('bridge.js') }).end(bridgeScript);
      return;
    }
    const path = resolveStaticPath(options.rendererDir, pathname);
    if (!path) {
      res.writeHead(404).end();
      return;
    }
    try {
      let body: Buffer | string = await readFile(path);
      if (extname(path) === '.html') {
        // The bridge must exist before the app's module script runs.
        body = body.toString('utf8').replace('<head>', '<head><script src="/harness-bridge.js"></script>');
      }
      res.writeHead(200, { ...headers, 'content-type': mimeTypeOf(path) }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  }

  const sockets = new WebSocketServer({ server, path: '/bridge' });
  sockets.on('connection', (socket, request) => {
    // The harness's sender check: only pages served by this harness may call the services.
    if (request.headers.origin !== origin) {
      socket.close(1008, 'forbidden origin');
      return;
    }
    const unsubscribe = services.hub.subscribe((event, payload) => socket.send(JSON.stringify({ event, payload })));
    socket.on('message', async (data) => {
      let message: { id?: unknown; channel?: unknown; input?: unknown };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      const reply = await services.router.dispatch(message.channel, message.input);
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: message.id, reply }));
    });
    socket.on('close', unsubscribe);
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    services,
    openedPages,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
