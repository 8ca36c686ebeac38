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
import { locateStaticFile, mimeTypeOf } from '../../electron/platform/static-files';
import { composeServices, type ServiceDeps, type Services } from '../../electron/services/compose';
import { createFolderDriveLister } from '../../electron/services/media';
import type { SettingsStore } from '../../electron/services/ports';
import { setAsideUnreadableJsonSync } from '../../electron/services/fs/set-aside';
import type { PracticeLabSite } from '../../electron/services/sites/sites-service';
import { toAppErrorShape, type AppErrorShape } from '../../shared/errors';
import { bridgeScript } from './bridge-script';
import { createFileSecretStore } from './file-secret-store';
import { createDeskPorts } from './desk-ports';

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
  /** Where "Save as…" saves (default <dataDir>/saved); `savePath` answers the dialog itself. */
  saveDir?: string;
  savePath?: (suggestedName: string) => string | undefined;
  /** What "Open…" answers (e.g. a sites export to import); default: none chosen. */
  pickFile?: () => string | undefined;
}

export interface RunningHarness {
  url: string;
  services: Services;
  /** Pages the app asked to open in the system browser (there is none here). */
  openedPages: string[];
  /** Files "Show in folder" was asked to show (there is no file manager here). */
  revealed: string[];
  close(): Promise<void>;
}


function confSettings(dataDir: string): SettingsStore {
  // As in the app: a damaged settings file is kept aside under a dated name, never a stop.
  const unreadable = setAsideUnreadableJsonSync(join(dataDir, 'settings.json'), Date.now());
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings', projectName: 'appliance-upgrade-assistant' });
  return {
    get: <T>(key: string) => conf.get(key) as T | undefined,
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
    startupWarnings: unreadable ? [unreadable] : [],
  };
}

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const openedPages: string[] = [];
  const desk = createDeskPorts({
    saveDir: options.saveDir ?? join(options.dataDir, 'saved'),
    ...(options.savePath ? { savePath: options.savePath } : {}),
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
  });
  const services = await composeServices({
    dataDir: options.dataDir,
    appVersion: '0.1.0-harness',
    operator: 'harness-operator',
    settings: confSettings(options.dataDir),
    secrets: createFileSecretStore(join(options.dataDir, 'secrets')),
    pages: { open: async (url) => void openedPages.push(url) },
    drives: createFolderDriveLister(options.mediaDirs ?? []),
    folders: { chooseFolder: async () => options.pickFolder?.() },
    saveDialog: desk.saveDialog,
    fileChooser: desk.fileChooser,
    revealer: desk.revealer,
    pdf: desk.pdf,
    practiceLab: options.practiceLab,
    updateServer: options.updateServer,
    timing: options.timing,
    requestTimeoutMs: options.requestTimeoutMs,
    onUnexpectedError: (where, error) => console.error(`[harness] unexpected error in ${where}:`, error),
  });

  let origin = '';
  const server = createServer((req, res) => {
    serveStatic(req, res).catch((error: unknown) => {
      // Whatever a request does, the harness keeps serving: this one gets a 500, and the log says why.
      console.error('[harness] request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });

  function badRequest(res: ServerResponse, reason: string) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`Bad request: ${reason}`);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    let pathname: string;
    try {
      // A request target such as "//" or "http://[" has no path a URL can be built from.
      pathname = new URL(req.url ?? '/', 'http://harness.invalid').pathname;
    } catch {
      badRequest(res, 'the address is not valid.');
      return;
    }
    const headers = {
      'content-security-policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (pathname === '/harness-bridge.js') {
      res.writeHead(200, { ...headers, 'content-type': mimeTypeOf('bridge.js') }).end(bridgeScript);
      return;
    }
    const found = locateStaticFile(options.rendererDir, pathname);
    if (found.kind === 'bad-request') {
      badRequest(res, found.reason);
      return;
    }
    if (found.kind === 'outside') {
      res.writeHead(404).end();
      return;
    }
    try {
      let body: Buffer | string = await readFile(found.path);
      if (extname(found.path) === '.html') {
        // The bridge must exist before the app's module script runs.
        body = body.toString('utf8').replace('<head>', '<head><script src="/harness-bridge.js"></script>');
      }
      res.writeHead(200, { ...headers, 'content-type': mimeTypeOf(found.path) }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  }

  // Frames are small JSON calls; a huge one is refused by ws (close 1009) before it is buffered.
  const sockets = new WebSocketServer({ server, path: '/bridge', maxPayload: 1024 * 1024 });
  sockets.on('connection', (socket, request) => {
    // The harness's sender check: only pages served by this harness may call the services.
    if (request.headers.origin !== origin) {
      socket.close(1008, 'forbidden origin');
      return;
    }
    const send = (message: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const unsubscribe = services.hub.subscribe((event, payload) => send({ event, payload }));
    socket.on('message', (data, isBinary) => {
      const call = readCall(isBinary ? undefined : String(data));
      if (!call.ok) {
        send({ id: call.id, reply: { ok: false, error: call.error } });
        return;
      }
      services.router
        .dispatch(call.channel, call.input)
        .then((reply) => send({ id: call.id, reply }))
        .catch((error: unknown) => {
          // dispatch maps every failure itself; this only guards the socket against a bug there.
          console.error('[harness] dispatch failed:', error);
          send({ id: call.id, reply: { ok: false, error: toAppErrorShape(error) } });
        });
    });
    // ws reports a broken frame (bad UTF-8, over maxPayload) here and then closes the socket
    // (1007/1009); without a listener the 'error' event would bring the whole harness down.
    socket.on('error', (error) => console.warn(`[harness] socket closed on a bad frame: ${error.message}`));
    socket.on('close', unsubscribe);
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    services,
    openedPages,
    revealed: desk.revealed,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      await desk.pdf.close();
    },
  };
}

type CallId = number | string | null;

/**
 * One websocket frame as a bridge call `{id, channel, input}`. Anything else (not JSON,
 * `null`, an array, a missing channel or id) is answered with INVALID_INPUT, never thrown.
 */
export function readCall(text: string | undefined): { ok: true; id: CallId; channel: string; input: unknown } | { ok: false; id: CallId; error: AppErrorShape } {
  const invalid = (id: CallId, why: string) => ({
    ok: false as const,
    id,
    error: { code: 'INVALID_INPUT' as const, message: `The harness received a call it cannot read (${why}).`, hint: 'Reload the page; the bridge script sends {id, channel, input} as JSON text.' },
  });
  if (text === undefined) return invalid(null, 'a binary frame');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return invalid(null, 'not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return invalid(null, 'not an object');
  const { id, channel, input } = message as Record<string, unknown>;
  const callId: CallId = typeof id === 'number' || typeof id === 'string' ? id : null;
  if (callId === null) return invalid(null, 'no id');
  if (typeof channel !== 'string') return invalid(callId, 'no channel');
  return { ok: true, id: callId, channel, input };
}
