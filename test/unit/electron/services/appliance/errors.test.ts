import { AxiosError } from 'axios';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { apiStatusError, isDiskFailure, toApplianceError } from '../../../../../electron/services/appliance/errors';

const ctx = { baseUrl: 'https://127.0.0.1:9443', action: 'downloading the settings backup', timeoutMs: 2000, permission: 'perm_backup' };

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect' });
}

describe('toApplianceError', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'does not resolve'],
    ['EHOSTUNREACH', 'no route'],
    ['ECONNRESET', 'closed before it answered'],
  ])('maps %s to UNREACHABLE', (code, phrase) => {
    const error = toApplianceError(AxiosError.from(socketError(code)), ctx);
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain(phrase);
    expect(error.message).toContain(ctx.baseUrl);
    expect(error.hint).not.toBe('');
  });

  it('maps an axios timeout to TIMEOUT with the limit in seconds', () => {
    const error = toApplianceError(new AxiosError('timeout of 2000ms exceeded', 'ECONNABORTED'), ctx);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('2 s');
  });

  it('maps cancellation to CANCELLED', () => {
    expect(toApplianceError(new AxiosError('canceled', 'ERR_CANCELED'), ctx).code).toBe('CANCELLED');
    expect(toApplianceError(Object.assign(new Error('x'), { name: 'AbortError' }), ctx).code).toBe('CANCELLED');
  });

  it('passes an AppError through, also when axios wrapped it', () => {
    const pinned = new AppError('TLS_CHANGED', 'changed', 'verify', { fingerprint256: 'AA' });
    expect(toApplianceError(AxiosError.from(pinned), ctx)).toBe(pinned);
  });

  it('maps a TLS protocol failure to TLS_INVALID', () => {
    expect(toApplianceError(socketError('ERR_SSL_WRONG_VERSION_NUMBER'), ctx).code).toBe('TLS_INVALID');
  });

  it('tells disk failures apart from socket failures', () => {
    expect(isDiskFailure(Object.assign(new Error('full'), { code: 'ENOSPC', syscall: 'write' }))).toBe(true);
    expect(isDiskFailure(socketError('ECONNRESET'))).toBe(false);
  });
});

describe('apiStatusError', () => {
  it('401 → UNAUTHORISED pointing at API Configuration', () => {
    const error = apiStatusError(401, '{"error":"invalid_client"}', 'application/json', ctx);
    expect(error.code).toBe('UNAUTHORISED');
    expect(error.message).toContain('“invalid_client”');
    expect(error.hint).toContain('API Configuration');
  });

  it('403 → PERMISSION_MISSING naming the permission and where to grant it', () => {
    const error = apiStatusError(403, '<error>Permission denied.</error>', 'text/xml', ctx);
    expect(error.code).toBe('PERMISSION_MISSING');
    expect(error.message).toContain('perm_backup');
    expect(error.hint).toContain('/login > Management > API Configuration');
    expect(error.details).toMatchObject({ permission: 'perm_backup' });
  });

  it('503 updating page → APPLIANCE_DOWN', () => {
    const error = apiStatusError(503, '<html><head><title>Appliance updating</title></head></html>', 'text/html', ctx);
    expect(error.code).toBe('APPLIANCE_DOWN');
    expect(error.message).toContain('installing an update');
  });

  it('400 with <error> → APPLIANCE_ERROR quoting it', () => {
    const error = apiStatusError(400, '<error>Unknown action.</error>', 'text/xml', ctx);
    expect(error.code).toBe('APPLIANCE_ERROR');
    expect(error.message).toContain('“Unknown action.”');
  });

  it('500 HTML page → NOT_XML naming the page', () => {
    const error = apiStatusError(500, '<html><title>Internal Server Error</title></html>', 'text/html', ctx);
    expect(error.code).toBe('NOT_XML');
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('“Internal Server Error”');
  });
});
