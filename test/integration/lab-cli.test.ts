/**
 * `npm run lab` as a person runs it: prints where everything is, serves on the fixed ports
 * shifted by --port-base, keeps its certificate in --cert-dir and exits cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Away from the default ports a developer's own lab may hold, and below Linux's ephemeral
// range (32768+) so the fixed ports cannot collide with outgoing connections.
const PORT_BASE = 10_000 + Math.floor(Math.random() * 13_000);

function waitForOutput(read: () => string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (pattern.test(read())) resolve(read());
      else if (Date.now() - started > timeoutMs) reject(new Error(`no ${pattern} in:\n${read()}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

function getStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('npm run lab', () => {
  it('serves on the shifted ports and stops on SIGTERM', async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'lab-cli-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/lab/cli.ts', '--port-base', String(PORT_BASE), '--cert-dir', certDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const printed = await waitForOutput(() => output, /Press Ctrl\+C/, 30_000);
      expect(printed).toContain(`https://127.0.0.1:${9443 + PORT_BASE}/appliance`);
      expect(printed).toContain(`https://127.0.0.1:${9450 + PORT_BASE}`);
      expect(printed).toContain(`https://127.0.0.1:${9440 + PORT_BASE}/lab/state`);
      expect(printed).toContain('support.lab.example');
      expect(printed).toContain('lab-client / lab-secret-0000');
      expect(printed).toContain('admin / lab-admin-0000');

      const pem = await readFile(join(certDir, 'leaf-appliance-a.lab.example.pem'), 'utf8');
      expect(printed).toContain(`Fingerprint      ${new X509Certificate(pem).fingerprint256}`);
      const root = await readFile(join(certDir, 'lab-root-ca.pem'), 'utf8');
      expect(printed).toContain(`Root CA          ${join(certDir, 'lab-root-ca.pem')}`);
      expect(await getStatus(`https://127.0.0.1:${9443 + PORT_BASE}/appliance/login`, root)).toBe(200);
      expect(await getStatus(`https://127.0.0.1:${9440 + PORT_BASE}/lab/state`, root)).toBe(200);

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(certDir, { recursive: true, force: true });
    }
  });
});
