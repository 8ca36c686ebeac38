/**
 * The update server client: submits an appliance's download key and downloads the packages
 * it lists, over HTTPS through the appliance module's transport (pinned for the practice lab,
 * CA-verified for the vendor's server) with the same failure sentences.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { createTransport, headerText } from '../appliance/transport';
import { downloadPackage } from './download';
import { clockSkewError, keyRejectedError, PEER, readServerMessage, serverStatusError } from './errors';
import type { KeyListing, UpdateServerClient, UpdateServerOptions } from './types';

const listingSchema = z.object({
  keyId: z.string().min(1),
  serial: z.string().min(1),
  packages: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      kind: z.enum(['base', 'site']),
      version: z.string().min(1),
      requires: z.string().min(1).nullable().optional(),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/i),
      url: z.string().min(1),
      filename: z.string().optional(),
    }),
  ),
});

export function createUpdateServerClient(options: UpdateServerOptions): UpdateServerClient {
  const transport = createTransport(
    { baseUrl: options.baseUrl, pinnedFingerprint256: options.pinnedFingerprint256 },
    {
      peer: PEER,
      withoutPin: 'ca',
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    },
  );

  return {
    async submitKey(key) {
      const trimmed = key.trim();
      if (trimmed === '') {
        throw new AppError('INVALID_INPUT', 'The download key is empty.', 'Paste the whole key shown on /appliance > Updates.');
      }
      const ctx = transport.context('submitting the download key');
      const response = await transport.send(ctx, () =>
        transport.http.post<string>('/api/keys', JSON.stringify({ key: trimmed }), {
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        }),
      );
      const body = typeof response.data === 'string' ? response.data : '';
      const { error, message } = readServerMessage(body);
      if (response.status === 422 && error === 'clock') throw clockSkewError(trimmed, message);
      if (response.status === 403) throw keyRejectedError(message);
      if (response.status !== 200) throw serverStatusError(response.status, body, ctx);
      return parseListing(body, headerText(response, 'content-type'), transport.baseUrl);
    },

    downloadPackage(pkg, destPath, downloadOptions) {
      return downloadPackage(transport, pkg, destPath, downloadOptions, options.retryDelaysMs);
    },
  };
}

function parseListing(body: string, contentType: string | undefined, baseUrl: string): KeyListing {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const result = listingSchema.safeParse(parsed);
  if (!result.success) {
    throw new AppError(
      'APPLIANCE_ERROR',
      `The update server at ${baseUrl} answered the download key with something other than a package list (${contentType ?? 'no content type'}).`,
      'Check that the address is the update server’s; if it is, try again later or contact BeyondTrust support.',
      { baseUrl },
    );
  }
  const { keyId, serial, packages } = result.data;
  return {
    keyId,
    serial,
    packages: packages.map(({ requires, filename, ...rest }) => ({
      ...rest,
      sha256: rest.sha256.toLowerCase(),
      ...(requires ? { requires } : {}),
      ...(filename && isPlainFileName(filename) ? { filename } : {}),
    })),
  };
}

/** The server's file name is used on disk: a bare name only, never a path. */
function isPlainFileName(name: string): boolean {
  return /^[^/\\:\0]+$/.test(name) && name !== '.' && name !== '..' && !name.startsWith('.');
}
