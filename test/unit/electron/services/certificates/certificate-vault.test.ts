import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reinspectVaultCertificate, storeCertificateFile } from '../../../../../electron/services/certificates';
import { createVault, type Vault } from '../../../../../electron/services/vault';
import { AppError } from '../../../../../shared/errors';
import { APPLIANCE_HOSTNAME, fixturePki, fullExport, SITE_HOSTNAME } from '../../../helpers/certificate-fixtures';

const now = Date.parse('2026-12-01T12:00:00.000Z');
const clock = { now: () => now };
const expectation = { siteHostname: SITE_HOSTNAME, applianceHostname: APPLIANCE_HOSTNAME, now };
const PASS = 'Tr0ub4dor&3 passphrase';
const pki = fixturePki(now);
const file = fullExport(pki, PASS);

let root: string;
let vault: Vault;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'certificate-vault-'));
  vault = await createVault({ dir: join(root, 'vault'), clock });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const input = (bytes: Buffer, passphrase: string) => ({
  bytes,
  fileName: 'appliance-a.lab.example.p12',
  siteId: 'site-1',
  siteName: 'Support',
  appliance: 'appliance-a',
  version: '23.1.1',
  passphrase,
  expect: expectation,
});

/** Every file under the vault folder, with its bytes. */
async function vaultFiles(): Promise<{ path: string; bytes: Buffer }[]> {
  const found: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(vault.dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.push({ path, bytes: await readFile(path) });
  }
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('storing a certificate file', () => {
  it('with a wrong passphrase stores nothing at all', async () => {
    const error = await rejection(storeCertificateFile(vault, input(file, 'not the passphrase')));
    expect(error.code).toBe('CERTIFICATE_PASSPHRASE_WRONG');
    expect(vault.list()).toEqual([]);
    expect((await vaultFiles()).filter((f) => !f.path.endsWith('journal.jsonl') && !f.path.endsWith('index.json'))).toEqual([]);
  });

  it('keeps a good file byte for byte, with its SHA-256 and the leaf facts marked checked', async () => {
    const { entry, inspection } = await storeCertificateFile(vault, input(file, PASS));
    const stored = await readFile(vault.filePath(entry.id));
    expect(stored.equals(file)).toBe(true);
    expect(entry).toMatchObject({
      kind: 'certificate',
      siteId: 'site-1',
      appliance: 'appliance-a',
      version: '23.1.1',
      size: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      state: 'ok',
      certificate: {
        subject: inspection.subject,
        subjectAltNames: inspection.subjectAltNames,
        notAfter: inspection.notAfter,
        fingerprint256: inspection.fingerprint256,
        encryption: 'modern',
        checkedAt: '2026-12-01T12:00:00.000Z',
      },
    });
    expect((await stat(vault.filePath(entry.id))).mode & 0o777).toBe(0o600);
    // The index on disk keeps the facts too.
    const index = JSON.parse(await readFile(join(vault.dir, 'index.json'), 'utf8')) as { entries: { certificate?: unknown }[] };
    expect(index.entries[0]?.certificate).toEqual(entry.certificate);
  });

  it('writes neither the private key nor the passphrase anywhere in the vault folder', async () => {
    await storeCertificateFile(vault, input(file, PASS));
    await rejection(storeCertificateFile(vault, input(file, 'another secret phrase')));
    await vault.whenIdle();
    const keyBody = pki.leaf.key.privatePem.split('\n').slice(1, -2).join('');
    const files = await vaultFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const { path, bytes } of files) {
      const text = bytes.toString('latin1');
      expect(text, path).not.toContain('PRIVATE KEY');
      expect(text, path).not.toContain(keyBody.slice(0, 64));
      expect(text, path).not.toContain(PASS);
      expect(text, path).not.toContain('another secret phrase');
      // Nor the key's DER in the clear (a slice of the private part, past the public modulus).
      expect(bytes.includes(Buffer.from(keyBody, 'base64').subarray(300, 364)), path).toBe(false);
    }
  });

  it('keeps a file with failed findings, for the rule to judge, and marks it checked', async () => {
    const expired = fullExport(fixturePki(now, { pastDays: 400, days: -1 }), PASS);
    const { entry, inspection } = await storeCertificateFile(vault, input(expired, PASS));
    expect(inspection.findings.find((f) => f.id === 'validity')?.ok).toBe(false);
    expect(entry.certificate?.checkedAt).toBeDefined();
  });
});

describe('re-inspecting a stored certificate file', () => {
  it('opens the stored file again and records a fresh check', async () => {
    const { entry } = await storeCertificateFile(vault, input(file, PASS));
    const later = { ...expectation, now: now + 3600_000 };
    const again = await reinspectVaultCertificate(vault, entry.id, PASS, later);
    expect(again.inspection.fingerprint256).toBe(entry.certificate?.fingerprint256);
    expect(again.entry.certificate?.checkedAt).toBe('2026-12-01T13:00:00.000Z');
  });

  it('with a wrong passphrase rejects and leaves the entry as it was', async () => {
    const { entry } = await storeCertificateFile(vault, input(file, PASS));
    expect((await rejection(reinspectVaultCertificate(vault, entry.id, 'nope', expectation))).code).toBe('CERTIFICATE_PASSPHRASE_WRONG');
    expect(vault.get(entry.id).certificate).toEqual(entry.certificate);
  });

  it('refuses a stored file that changed on disk', async () => {
    const { entry } = await storeCertificateFile(vault, input(file, PASS));
    await writeFile(vault.filePath(entry.id), Buffer.concat([file, Buffer.from([0])]));
    expect((await rejection(reinspectVaultCertificate(vault, entry.id, PASS, expectation))).code).toBe('CHECKSUM_MISMATCH');
    expect(vault.get(entry.id).state).toBe('corrupt');
  });

  it('refuses a stored file that is gone', async () => {
    const { entry } = await storeCertificateFile(vault, input(file, PASS));
    await rm(vault.filePath(entry.id));
    expect((await rejection(reinspectVaultCertificate(vault, entry.id, PASS, expectation))).code).toBe('VAULT_FILE_MISSING');
  });

  it('after an index rebuild the entry is not checked until inspected again, which restores its facts', async () => {
    const { entry } = await storeCertificateFile(vault, input(file, PASS));
    await vault.whenIdle();
    await writeFile(join(vault.dir, 'index.json'), '{ not json');
    const reopened = await createVault({ dir: vault.dir, clock });
    const [rebuilt] = reopened.list({ kind: 'certificate' });
    expect(rebuilt?.sha256).toBe(entry.sha256);
    expect(rebuilt?.certificate).toBeUndefined();
    const again = await reinspectVaultCertificate(reopened, rebuilt!.id, PASS, expectation);
    expect(again.entry.certificate).toEqual(entry.certificate);
  });

  it('refuses an entry that is not a certificate', async () => {
    const path = await vault.reservePath('backup', 'site-1', 'a.nsb');
    await writeFile(path, 'backup bytes');
    const backup = await vault.add({ kind: 'backup', siteId: 'site-1', siteName: 'Support', appliance: 'a', version: '1', path });
    expect((await rejection(reinspectVaultCertificate(vault, backup.id, PASS, expectation))).code).toBe('INVALID_INPUT');
  });
});
