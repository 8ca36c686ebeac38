/**
 * The harness serves the same router as Electron IPC: calls are validated, errors keep their
 * shape, and only pages served by the harness itself may connect (its sender check).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
});
