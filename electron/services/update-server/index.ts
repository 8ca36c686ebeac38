/**
 * The update server (manual, offline updates — P2): download keys in, package lists and
 * resumable, verified package downloads out.
 */
export * from './types';
export { createUpdateServerClient } from './client';
export { readDownloadKeyClaims, type DownloadKeyClaims } from './download-key';
