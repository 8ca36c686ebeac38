/**
 * Security > Certificates routes: the page, Export (a PKCS#12 file), Import (multipart: CSRF
 * token first, passphrase, file) and Assign IP. Every POST needs the session's CSRF token.
 */
import { pipeline } from 'node:stream/promises';
import { csrfMatches, type AdminSession } from './admin-sessions';
import { messagePage } from './admin-views';
import { certificateWarnings, type CheckContext } from './certificate-checks';
import { certificatesPage, type CertificatesPageExtras } from './certificate-views';
import { readForm, redirect, sendHtml } from './http-kit';
import { MultipartSplitter, multipartBoundary, type MultipartEvent } from './multipart-stream';
import { fingerprintOf } from './pki';
import { buildPkcs12, Pkcs12Error, readPkcs12 } from './pkcs12';
import type { ApplianceRequest } from './request-context';

export const CERTIFICATES_PATH = '/appliance/security/certificates';
/** Largest certificate file Import accepts. */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;
/** Room for the other fields and the multipart framing around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export async function handleCertificates(ctx: ApplianceRequest, session: AdminSession, path: string): Promise<void> {
  const { req, res } = ctx;
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (path === CERTIFICATES_PATH) return sendPage(ctx, session, 200);
    return notFound(ctx);
  }
  if (req.method !== 'POST') return sendHtml(res, 405, messagePage(ctx.appliance, 'Method Not Allowed', 'Use GET or POST.'));
  if (path === `${CERTIFICATES_PATH}/import`) return importCertificate(ctx, session);
  const form = await readForm(req);
  if (!csrfMatches(session, form.csrf_token)) return forbidden(ctx);
  if (path === `${CERTIFICATES_PATH}/export`) return exportCertificate(ctx, session, form);
  if (path === `${CERTIFICATES_PATH}/assign`) return assignCertificate(ctx, session, form);
  return notFound(ctx);
}

function checksFor({ appliance, model }: ApplianceRequest): CheckContext {
  return { siteHostname: model.scenario.siteHostname, trustedRootPems: [model.pki.rootPem], now: appliance.nowMs() };
}

function sendPage(ctx: ApplianceRequest, session: AdminSession, status: number, extras: CertificatesPageExtras = {}): void {
  sendHtml(ctx.res, status, certificatesPage(ctx.appliance, session.csrfToken, checksFor(ctx), extras));
}

function exportCertificate(ctx: ApplianceRequest, session: AdminSession, form: Record<string, string>): void {
  const { res, appliance } = ctx;
  const store = appliance.certificates;
  const certificate = store.find(form.certificate_id ?? '');
  const refuse = (status: number, error: string) => sendPage(ctx, session, status, { error });
  if (!certificate) return refuse(422, 'That certificate is not on this appliance. Reload the page and choose one from the list.');
  const passphrase = form.passphrase ?? '';
  if (passphrase === '') return refuse(400, 'Enter a passphrase: the exported file is protected with it.');
  const encryption = form.encryption ?? 'modern';
  if (encryption !== 'modern' && encryption !== 'legacy') return refuse(400, 'Choose the modern or the legacy encryption.');
  const bytes = buildPkcs12(
    {
      certPem: certificate.certPem,
      keyPem: form.include_private_key === '1' ? store.exportKeyPem(certificate.id) : null,
      chainPems: form.include_chain === '1' ? certificate.chainPems : [],
      friendlyName: appliance.hostname,
    },
    passphrase,
    encryption,
  );
  res.writeHead(200, {
    'Content-Type': 'application/x-pkcs12',
    'Content-Disposition': `attachment; filename="${appliance.hostname}.p12"`,
    'Content-Length': bytes.length,
  });
  res.end(bytes);
}

function assignCertificate(ctx: ApplianceRequest, session: AdminSession, form: Record<string, string>): void {
  const { res, appliance } = ctx;
  const id = form.certificate_id ?? '';
  const ip = (form.ip ?? '').trim();
  if (!appliance.certificates.find(id)) {
    return sendPage(ctx, session, 422, { error: 'That certificate is not on this appliance. Reload the page and choose one from the list.' });
  }
  if (ip !== appliance.ip) {
    return sendPage(ctx, session, 422, {
      error: `${ip || 'That address'} is not an IP address of this appliance; its address is ${appliance.ip}.`,
    });
  }
  appliance.certificates.assign(id, ip);
  redirect(res, CERTIFICATES_PATH);
}

async function importCertificate(ctx: ApplianceRequest, session: AdminSession): Promise<void> {
  const { req, res, appliance } = ctx;
  const refuse = (status: number, error: string, headers: Record<string, string> = {}) =>
    sendHtml(res, status, certificatesPage(appliance, session.csrfToken, checksFor(ctx), { error }), headers);
  if (Number(req.headers['content-length']) > MAX_CERTIFICATE_FILE_BYTES + MULTIPART_OVERHEAD_BYTES) {
    return refuse(413, 'The file is larger than a certificate file can be (1 MiB).', { Connection: 'close' });
  }
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) return refuse(400, 'Send the certificate file as multipart/form-data (field "certificate").', { Connection: 'close' });
  const parts = new ImportParts(session);
  try {
    await pipeline(req, new MultipartSplitter(boundary), async (events: AsyncIterable<MultipartEvent>) => {
      for await (const event of events) parts.take(event);
    });
  } catch {
    if (parts.tooLarge) return refuse(413, 'The file is larger than a certificate file can be (1 MiB).', { Connection: 'close' });
    return refuse(400, 'The upload was incomplete or malformed. Choose the file and import it again.', { Connection: 'close' });
  }
  if (parts.forbidden) return forbidden(ctx);
  const file = parts.file();
  if (!file || file.length === 0) return refuse(400, 'Choose a certificate file to import.');
  let opened;
  try {
    opened = readPkcs12(file, parts.passphrase);
  } catch (error) {
    if (error instanceof Pkcs12Error && error.problem === 'passphrase') return refuse(422, 'The passphrase does not open this file.');
    return refuse(422, 'This file is not a PKCS#12 certificate file (.p12 or .pfx). Export the certificate with its private key as PKCS#12 and import that file.');
  }
  if (!opened.keyPem) {
    return refuse(422, 'This file holds no private key. Export the certificate again with its private key and import that file.');
  }
  if (!opened.keyMatches) return refuse(422, 'The private key in this file does not belong to its certificate.');
  const added = appliance.certificates.add(
    { certPem: opened.leafPem, keyPem: opened.keyPem, chainPems: opened.chainPems, fingerprint256: fingerprintOf(opened.leafPem) },
    'imported',
  );
  const warnings = certificateWarnings(added, checksFor(ctx));
  sendPage(ctx, session, 200, { imported: { id: added.id, warnings } });
}

const MAX_FIELD_BYTES = 4096;

/** The import form's parts as they stream past: csrf_token must come first; the file is held (≤ 1 MiB). */
class ImportParts {
  forbidden = false;
  tooLarge = false;
  passphrase = '';
  private current: 'csrf' | 'passphrase' | 'certificate' | 'other' = 'other';
  private csrfSeen = false;
  private csrf = '';
  private chunks: Buffer[] | null = null;
  private size = 0;

  constructor(private readonly session: AdminSession) {}

  file(): Buffer | null {
    return this.chunks && Buffer.concat(this.chunks);
  }

  take(event: MultipartEvent): void {
    if (this.forbidden) return;
    switch (event.type) {
      case 'part':
        if (!this.csrfSeen) {
          if (event.name === 'csrf_token') this.current = 'csrf';
          else this.forbidden = true;
        } else if (event.name === 'passphrase') this.current = 'passphrase';
        else if (event.name === 'certificate' && this.chunks === null) {
          this.current = 'certificate';
          this.chunks = [];
        } else this.current = 'other';
        return;
      case 'data':
        if (this.current === 'csrf' || this.current === 'passphrase') {
          const text = event.chunk.toString('utf8');
          if (this.current === 'csrf') this.csrf += text;
          else this.passphrase += text;
          if (this.csrf.length > MAX_FIELD_BYTES || this.passphrase.length > MAX_FIELD_BYTES) this.forbidden = true;
        } else if (this.current === 'certificate') {
          this.size += event.chunk.length;
          if (this.size > MAX_CERTIFICATE_FILE_BYTES) {
            this.tooLarge = true;
            throw new Error('certificate file too large');
          }
          this.chunks?.push(event.chunk);
        }
        return;
      case 'part-end':
        if (this.current === 'csrf') {
          this.csrfSeen = true;
          if (!csrfMatches(this.session, this.csrf)) this.forbidden = true;
        }
        this.current = 'other';
        return;
    }
  }
}

function forbidden({ res, appliance }: ApplianceRequest): void {
  sendHtml(
    res,
    403,
    messagePage(appliance, 'Forbidden', 'The form was stale or did not come from this site. Reload the page and try again.'),
  );
}

function notFound({ res, appliance }: ApplianceRequest): void {
  sendHtml(res, 404, messagePage(appliance, 'Not Found', 'There is no such page on this appliance.'));
}
