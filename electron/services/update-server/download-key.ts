/**
 * What an Appliance Download Key says about itself. The key is `base64url(JSON claims)` + "." +
 * a signature only the update server can check; the claims are readable by anyone, so the
 * assistant can say which appliance a key is for and by how much its clock was off.
 */
export interface DownloadKeyClaims {
  serial: string;
  siteVersion?: string;
  baseVersion?: string;
  /** Unix seconds, by the appliance's clock when the key was made. */
  issuedAt: number;
}

/** The key's claims, or undefined when it is not a download key at all. */
export function readDownloadKeyClaims(key: string): DownloadKeyClaims | undefined {
  const [payload = '', signature] = key.trim().split('.');
  if (!signature || !/^[\w-]+$/.test(payload)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { serial, siteVersion, baseVersion, issuedAt } = claims;
    if (typeof serial !== 'string' || typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return undefined;
    return {
      serial,
      issuedAt,
      ...(typeof siteVersion === 'string' ? { siteVersion } : {}),
      ...(typeof baseVersion === 'string' ? { baseVersion } : {}),
    };
  } catch {
    return undefined;
  }
}
