/**
 * Appliance Download Keys: what an appliance without internet access hands its operator so the
 * update server can list the packages built for it. The appliance signs the claims with a
 * secret it shares with the update server (the vendor's, in real life), and stamps them with
 * its own clock, so a skewed clock shows up as a key the server refuses.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DownloadKeyClaims {
  v: 1;
  serial: string;
  siteVersion: string;
  baseVersion: string;
  /** Unix seconds by the appliance clock, skew included. */
  issuedAt: number;
  nonce: string;
}

export function issueDownloadKey(secret: Buffer, claims: Omit<DownloadKeyClaims, 'v' | 'nonce'>): string {
  const full: DownloadKeyClaims = { v: 1, ...claims, nonce: randomBytes(12).toString('base64url') };
  const body = Buffer.from(JSON.stringify(full), 'utf8').toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The claims of a well-formed key with a valid signature; null for anything else. */
export function readDownloadKey(secret: Buffer, key: string): DownloadKeyClaims | null {
  const parts = key.trim().split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [body, signature] = parts as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = Buffer.from(sign(secret, body), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<DownloadKeyClaims>;
    if (
      claims.v !== 1 ||
      typeof claims.serial !== 'string' ||
      typeof claims.siteVersion !== 'string' ||
      typeof claims.baseVersion !== 'string' ||
      typeof claims.issuedAt !== 'number' ||
      typeof claims.nonce !== 'string'
    ) {
      return null;
    }
    return claims as DownloadKeyClaims;
  } catch {
    return null;
  }
}

/**
 * The id the update server gives a key, derived from the key itself so the appliance can record
 * it at generation and a client posting the same key twice gets the same id.
 */
export function keyIdOf(key: string): string {
  return createHash('sha256').update(key.trim(), 'utf8').digest('hex').slice(0, 16);
}

function sign(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64url');
}
