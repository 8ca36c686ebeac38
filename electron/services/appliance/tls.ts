/**
 * Trust in an appliance's certificate: probing the presented certificate (for trust on first
 * use), a pinning https.Agent for every real connection, and the pure R3 certificate checks.
 */
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { AppError } from '../../../shared/errors';
import type { CertificateInfo } from '../../../shared/domain';
import { capitalised, timeoutError, toApplianceError } from './errors';

/** The certificate's details plus its PEM (for display or export; trust is by fingerprint). */
export type PresentedCertificate = CertificateInfo & { pem: string };

/** "ab:cd…" or "ABCD…" → "AB:CD:…", the one form fingerprints are compared in. */
export function normaliseFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

export function describeCertificate(der: Buffer): PresentedCertificate {
  const cert = new X509Certificate(der);
  return {
    fingerprint256: normaliseFingerprint(cert.fingerprint256),
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    subjectAltNames: (cert.subjectAltName ?? '')
      .split(/,\s*/)
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    // Not checkIssued(): it also demands CA key usage, which many appliance leaf certs lack.
    selfSigned: cert.issuer === cert.subject && cert.verify(cert.publicKey),
    pem: cert.toString(),
  };
}

/**
 * Reads the certificate an appliance presents, without trusting it: the handshake is not
 * verified, no byte of application data is sent, and the socket closes at once. `serverName`
 * asks for another name by SNI than the address's own (the site hostname).
 */
export function probeCertificate(baseUrl: string, timeoutMs = 10_000, serverName?: string): Promise<PresentedCertificate> {
  const { hostname, port } = hostAndPort(baseUrl);
  const sni = serverName ?? (net.isIP(hostname) ? undefined : hostname);
  const ctx = { baseUrl, action: 'reading its certificate', timeoutMs };
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: hostname,
      port,
      ...(sni ? { servername: sni } : {}),
      // Safe here and only here: this socket carries no credentials and no data.
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(timeoutError(ctx)));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      socket.destroy();
      if (!peer?.raw) {
        reject(noCertificateError(baseUrl));
        return;
      }
      resolve(describeCertificate(peer.raw));
    });
    socket.once('error', (error) => reject(toApplianceError(error, ctx)));
  });
}

export interface PinnedAgentOptions {
  baseUrl: string;
  pinnedFingerprint256?: string;
  timeoutMs: number;
  now: () => number;
  /** How messages name the server; default "the appliance". */
  peer?: string;
  /** TLS SNI to send instead of the host's own name (an address standing in for a hostname). */
  serverName?: string;
}

/**
 * An https.Agent that hands a socket to a request only after the certificate's SHA-256
 * matches the pin; a TLS handshake proves the server holds that certificate's private key,
 * so the pin replaces chain validation (which a self-signed appliance certificate fails).
 */
export class PinnedAgent extends https.Agent {
  private readonly pin: string | undefined;

  constructor(private readonly pinOptions: PinnedAgentOptions) {
    // No keep-alive and no session reuse: every request gets a full handshake and a fresh
    // check, so a certificate change is noticed on the very next call.
    super({ keepAlive: false, maxCachedSessions: 0 });
    this.pin = pinOptions.pinnedFingerprint256
      ? normaliseFingerprint(pinOptions.pinnedFingerprint256)
      : undefined;
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const { baseUrl, timeoutMs, peer } = this.pinOptions;
    const ctx = { baseUrl, action: 'opening a secure connection', timeoutMs, peer };
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const socket = tls.connect({
      host,
      port: Number(options.port ?? 443),
      ...(this.pinOptions.serverName
        ? { servername: this.pinOptions.serverName }
        : net.isIP(host)
          ? {}
          : { servername: options.servername ?? host }),
      // Chain validation is replaced by the pin check below, done before the socket is given
      // to the request: nothing (no token, no password) is written until the pin matched.
      rejectUnauthorized: false,
    });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      socket.setTimeout(0);
      if (error) {
        socket.destroy();
        callback?.(error, socket);
      } else {
        callback?.(null, socket);
      }
    };
    // Stays attached after the hand-over (settle ignores it then) so that an error emitted
    // before the request adds its own listener is never unhandled.
    socket.on('error', (error) => settle(toApplianceError(error, ctx)));
    socket.setTimeout(timeoutMs, () => settle(timeoutError(ctx)));
    socket.once('secureConnect', () => settle(this.checkPresented(socket)));
    // Returning nothing tells the Agent the socket arrives through the callback.
    return undefined;
  }

  private checkPresented(socket: tls.TLSSocket): AppError | null {
    const { baseUrl, now } = this.pinOptions;
    const who = this.pinOptions.peer ?? 'the appliance';
    const presented = socket.getPeerCertificate(true);
    if (!presented?.raw) return noCertificateError(baseUrl);
    const { pem, ...info } = describeCertificate(presented.raw);
    if (!this.pin) {
      return new AppError(
        'TLS_UNTRUSTED',
        `The appliance at ${baseUrl} presents a certificate this computer has not trusted yet (fingerprint ${info.fingerprint256}).`,
        'Compare this fingerprint with the one shown on the appliance (/appliance > Security > Certificates) or by its administrator, then trust it in the site settings.',
        { baseUrl, fingerprint256: info.fingerprint256, certificate: info, pem },
      );
    }
    if (info.fingerprint256 !== this.pin) {
      return new AppError(
        'TLS_CHANGED',
        `${capitalised(who)} at ${baseUrl} presents a different certificate from the one trusted for it. Someone may be intercepting the connection.`,
        `Do not continue. Ask the administrator of ${who} whether the certificate was replaced and compare the new fingerprint with them before trusting it.`,
        { baseUrl, pinnedFingerprint256: this.pin, fingerprint256: info.fingerprint256, certificate: info, pem },
      );
    }
    const at = now();
    if (at > Date.parse(info.validTo) || at < Date.parse(info.validFrom)) {
      const expired = at > Date.parse(info.validTo);
      return new AppError(
        'TLS_INVALID',
        expired
          ? `The certificate of ${who} expired on ${info.validTo.slice(0, 10)}.`
          : `The certificate of ${who} is not valid before ${info.validFrom.slice(0, 10)}; this computer’s clock or the clock of ${who} may be wrong.`,
        expired
          ? 'Renew the certificate on the appliance (/appliance > Security > Certificates) before upgrading, then trust the new one.'
          : 'Check the date and time on this computer and on the appliance.',
        { baseUrl, fingerprint256: info.fingerprint256, certificate: info },
      );
    }
    return null;
  }
}

export type CertificateFindingCode =
  | 'expired'
  | 'not-yet-valid'
  | 'expires-soon'
  | 'hostname-not-covered'
  | 'self-signed';

export interface CertificateFinding {
  code: CertificateFindingCode;
  /** `fail`: rule R3 is not met; `info`: worth knowing, does not block. */
  severity: 'fail' | 'info';
  message: string;
}

const SOON_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Rule R3's certificate checks on one certificate, as findings (empty = all good). */
export function assessCertificate(
  info: CertificateInfo,
  { siteHostname, now }: { siteHostname: string; now: number },
): CertificateFinding[] {
  const findings: CertificateFinding[] = [];
  const validFrom = Date.parse(info.validFrom);
  const validTo = Date.parse(info.validTo);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (now > validTo) {
    findings.push({ code: 'expired', severity: 'fail', message: `The certificate expired on ${day(validTo)}.` });
  } else if (now < validFrom) {
    findings.push({
      code: 'not-yet-valid',
      severity: 'fail',
      message: `The certificate is not valid before ${day(validFrom)}.`,
    });
  } else if (validTo - now <= SOON_DAYS * DAY_MS) {
    const days = Math.max(0, Math.floor((validTo - now) / DAY_MS));
    findings.push({
      code: 'expires-soon',
      severity: 'fail',
      message: `The certificate expires on ${day(validTo)}, in ${days} day${days === 1 ? '' : 's'}.`,
    });
  }
  if (!hostnameCovered(info, siteHostname)) {
    findings.push({
      code: 'hostname-not-covered',
      severity: 'fail',
      message: `The certificate does not name the site hostname ${siteHostname}; Jump Clients may fail to connect.`,
    });
  }
  if (info.selfSigned) {
    findings.push({
      code: 'self-signed',
      severity: 'info',
      message: 'The certificate is self-signed; it is trusted by its pinned fingerprint.',
    });
  }
  return findings;
}

/** RFC 6125: DNS names in the SAN win; the CN counts only when there are none. */
export function hostnameCovered(info: CertificateInfo, hostname: string): boolean {
  const wanted = hostname.trim().toLowerCase().replace(/\.$/, '');
  const dnsNames: string[] = [];
  const ips: string[] = [];
  for (const entry of info.subjectAltNames) {
    const [kind, ...rest] = entry.split(':');
    const value = rest.join(':').trim().toLowerCase();
    if (rest.length === 0) dnsNames.push(entry.trim().toLowerCase());
    else if (kind?.trim() === 'DNS') dnsNames.push(value);
    else if (kind?.trim() === 'IP Address') ips.push(value);
  }
  if (net.isIP(wanted)) return ips.includes(wanted);
  const names = dnsNames.length > 0 ? dnsNames : commonNames(info.subject);
  return names.some((name) => dnsNameMatches(name, wanted));
}

function dnsNameMatches(pattern: string, hostname: string): boolean {
  const name = pattern.replace(/\.$/, '');
  if (!name.startsWith('*.')) return name === hostname;
  // A wildcard covers exactly one left-most label.
  const suffix = name.slice(1);
  const label = hostname.slice(0, hostname.length - suffix.length);
  return hostname.endsWith(suffix) && label.length > 0 && !label.includes('.');
}

function commonNames(subject: string): string[] {
  return [...subject.matchAll(/(?:^|[,\n]\s*)CN=([^,\n]+)/g)].map((m) => (m[1] ?? '').trim().toLowerCase());
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').filter(Boolean).join(', ');
}

function hostAndPort(baseUrl: string): { hostname: string; port: number } {
  const url = new URL(baseUrl);
  // URL keeps IPv6 literals in brackets; sockets want them bare.
  return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443) };
}

function noCertificateError(baseUrl: string): AppError {
  return new AppError(
    'TLS_INVALID',
    `The appliance at ${baseUrl} did not present a certificate.`,
    'Check that the address points at the appliance’s HTTPS port.',
    { baseUrl },
  );
}
