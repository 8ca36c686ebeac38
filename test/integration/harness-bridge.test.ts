/**
 * The harness serves the same router as Electron IPC: calls are validated, errors keep their
 * shape, and only pages served by the harness itself may connect (its sender check).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type RunningHarness } from '../harness/server';

describe('harness bridge', () => {
  let dir: string;
  let harness: RunningHarness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aua-bridge-'));
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    harness = await startHarness({ dataDir: join(dir, 'data'), rendererDir });
  });

  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const origin = () => harness.url.replace(/\/$/, '');

  function call(ws: WebSocket, channel: string, input: unknown): Promise<unknown> {
    return new Promise((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data)).reply));
      ws.send(JSON.stringify({ id: 1, channel, input }));
    });
  }

  it('serves pages with the strict CSP and the bridge script first', async () => {
    const res = await fetch(harness.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<head><script src="/harness-bridge.js"></script>');
  });

  it('refuses a socket from another origin', async () => {
    const ws = new WebSocket(`${origin().replace('http', 'ws')}/bridge`, { origin: 'http://evil.example' });
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(1008);
  });

  it('answers contract calls and validates their input', async () => {
    const ws = new WebSocket(`${origin().replace('http', 'ws')}/bridge`, { origin: origin() });
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await call(ws, 'sites.list', {})).toEqual({ ok: true, value: [] });
    expect(await call(ws, 'sites.save', { name: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    ws.close();
  });

  /** A raw GET, path sent exactly as given (fetch would normalise some of these). */
  function rawGet(path: string): Promise<{ status: number; body: string }> {
    const { port } = new URL(harness.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), path, method: 'GET' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      // A harness that died or hung on the request answers nothing: fail in seconds, not at the suite timeout.
      req.setTimeout(5000, () => req.destroy(new Error(`no answer to GET ${path}`)));
      req.on('error', reject);
      req.end();
    });
  }

  it('answers malformed addresses with 400 and keeps serving', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/%zz/index.html', '//', '/a%00b']) {
      const answer = await rawGet(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toMatch(/^Bad request: /);
    }
    expect((await rawGet('/')).status).toBe(200);
  });

  it('answers frames that are not calls with INVALID_INPUT and keeps the socket serving', async () => {
    const ws = new WebSocket(`${origin().replace('http', 'ws')}/bridge`, { origin: origin() });
    await new Promise((resolve) => ws.once('open', resolve));
    const replyTo = (frame: string | Buffer) =>
      new Promise<{ id: unknown; reply: unknown }>((resolve, reject) => {
        const silent = setTimeout(() => reject(new Error(`no answer to the frame ${String(frame)}`)), 5000);
        ws.once('message', (data) => {
          clearTimeout(silent);
          resolve(JSON.parse(String(data)));
        });
        ws.send(frame);
      });
    const invalid = { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/cannot read/), hint: expect.any(String) } };
    for (const frame of ['null', 'not json', '[]', '42', '"text"', '{}', '{"channel":"sites.list"}', '{"id":{},"channel":"sites.list"}']) {
      expect(await replyTo(frame), frame).toEqual({ id: null, reply: invalid });
    }
    expect(await replyTo(Buffer.from([0xff, 0x00]))).toEqual({ id: null, reply: invalid });
    expect(await replyTo('{"id":7}')).toEqual({ id: 7, reply: invalid });
    expect(await replyTo('{"id":8,"channel":"sites.list","input":null}')).toEqual({ id: 8, reply: { ok: true, value: [] } });
    expect(await replyTo('{"id":9,"channel":"sites.remove","input":"x"}')).toMatchObject({ id: 9, reply: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(await call(ws, 'sites.list', {})).toEqual({ ok: true, value: [] });
    ws.close();
  });

  it('closes a socket that sends a broken or oversized frame, and keeps serving others', async () => {
    const closeCodeAfter = async (send: (ws: WebSocket) => void) => {
      const ws = new WebSocket(`${origin().replace('http', 'ws')}/bridge`, { origin: origin() });
      await new Promise((resolve) => ws.once('open', resolve));
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      ws.on('error', () => undefined);
      send(ws);
      return closed;
    };
    // Text that is not UTF-8, and a frame over the 1 MiB limit: ws closes with 1007 and 1009.
    expect(await closeCodeAfter((ws) => ws.send(Buffer.from([0xc3, 0x28]), { binary: false }))).toBe(1007);
    expect(await closeCodeAfter((ws) => ws.send('x'.repeat(2 * 1024 * 1024)))).toBe(1009);
    const ws = new WebSocket(`${origin().replace('http', 'ws')}/bridge`, { origin: origin() });
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await call(ws, 'sites.list', {})).toEqual({ ok: true, value: [] });
    ws.close();
    expect((await rawGet('/')).status).toBe(200);
  });
});
