import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import {
  looksLikeHtml,
  parseApiInfo,
  parseCommandXml,
  parseHealth,
  readXmlError,
} from '../../../../../electron/services/appliance/xml';

const API_INFO = `<?xml version="1.0" encoding="UTF-8"?>
<api_information xmlns="https://www.beyondtrust.com/namespaces/API/command">
  <api_version>1.20</api_version>
  <timestamp>1795000000</timestamp>
  <permissions>
    <perm_backup>1</perm_backup>
    <perm_command>full</perm_command>
  </permissions>
</api_information>`;

const HEALTH = `<?xml version="1.0" encoding="UTF-8"?>
<appliances xmlns="https://www.beyondtrust.com/namespaces/API/command">
  <appliance id="LAB-A-1001">
    <hostname>appliance-a.lab.example</hostname>
    <version>23.1.1</version>
    <success>1</success>
    <error_message></error_message>
    <failover_role>none</failover_role>
    <enabled_shared_ips></enabled_shared_ips>
    <last_data_sync_time ts="0"></last_data_sync_time>
    <last_data_sync_status></last_data_sync_status>
  </appliance>
</appliances>`;

function caught(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a throw');
}

describe('parseApiInfo', () => {
  it('reads version, timestamp and permissions as strings', () => {
    expect(parseApiInfo(API_INFO, 'text/xml; charset=utf-8')).toEqual({
      apiVersion: '1.20',
      timestamp: 1795000000,
      permissions: { perm_backup: '1', perm_command: 'full' },
    });
  });

  it('tolerates prefixed namespaces and a byte order mark', () => {
    const prefixed = `\uFEFF<?xml version="1.0"?>
      <ns:api_information xmlns:ns="https://www.beyondtrust.com/namespaces/API/command">
        <ns:api_version>1.24.2</ns:api_version><ns:timestamp>5</ns:timestamp>
        <ns:permissions><ns:perm_backup>0</ns:perm_backup></ns:permissions>
      </ns:api_information>`;
    expect(parseApiInfo(prefixed)).toEqual({ apiVersion: '1.24.2', timestamp: 5, permissions: { perm_backup: '0' } });
  });

  it('rejects XML of another shape as MALFORMED_XML', () => {
    const error = caught(() => parseApiInfo(HEALTH));
    expect(error.code).toBe('MALFORMED_XML');
    expect(error.message).toContain('<appliances>');
  });
});

describe('parseHealth', () => {
  it('reads a healthy appliance', () => {
    expect(parseHealth(HEALTH)).toEqual({
      applianceId: 'LAB-A-1001',
      hostname: 'appliance-a.lab.example',
      version: '23.1.1',
      success: true,
      failoverRole: 'none',
      sharedIps: [],
      lastSyncAt: null,
      lastSyncStatus: '',
    });
  });

  it('reads shared IPs, last sync and an unhealthy message', () => {
    const xml = HEALTH.replace('<success>1</success>', '<success>0</success>')
      .replace('<error_message></error_message>', '<error_message>Base software update failed &amp; needs support</error_message>')
      .replace('<failover_role>none</failover_role>', '<failover_role>primary</failover_role>')
      .replace('<enabled_shared_ips></enabled_shared_ips>', '<enabled_shared_ips><ip>10.0.0.5</ip><ip>10.0.0.6</ip></enabled_shared_ips>')
      .replace('ts="0"', 'ts="1794999000"')
      .replace('<last_data_sync_status></last_data_sync_status>', '<last_data_sync_status>Success</last_data_sync_status>');
    expect(parseHealth(xml)).toMatchObject({
      success: false,
      errorMessage: 'Base software update failed & needs support',
      failoverRole: 'primary',
      sharedIps: ['10.0.0.5', '10.0.0.6'],
      lastDataSync: { at: 1794999000, status: 'Success' },
      lastSyncAt: 1794999000,
      lastSyncStatus: 'success',
    });
  });

  it('refuses an unknown failover role rather than guessing', () => {
    expect(caught(() => parseHealth(HEALTH.replace('>none<', '>secondary<'))).code).toBe('MALFORMED_XML');
  });
});

describe('parseCommandXml failures', () => {
  it('turns <error> into APPLIANCE_ERROR quoting the appliance', () => {
    const error = caught(() => parseCommandXml('<?xml version="1.0"?><error>Invalid or expired token.</error>'));
    expect(error.code).toBe('APPLIANCE_ERROR');
    expect(error.message).toContain('“Invalid or expired token.”');
  });

  it('finds a namespaced <error> too', () => {
    const error = caught(() => parseCommandXml('<e:error xmlns:e="urn:x">Unknown action</e:error>'));
    expect(error.code).toBe('APPLIANCE_ERROR');
    expect(error.message).toContain('Unknown action');
  });

  it('calls truncated XML MALFORMED_XML', () => {
    const truncated = HEALTH.slice(0, HEALTH.indexOf('<failover_role>') + 8);
    const error = caught(() => parseCommandXml(truncated, 'text/xml'));
    expect(error.code).toBe('MALFORMED_XML');
    expect(error.hint).toMatch(/try again/i);
  });

  it('detects HTML served as text/xml', () => {
    const html = '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1></body></html>';
    const error = caught(() => parseCommandXml(html, 'text/xml'));
    expect(error.code).toBe('NOT_XML');
    expect(error.message).toContain('“500 Internal Server Error”');
  });

  it('detects well-formed XHTML as NOT_XML by its content type', () => {
    expect(caught(() => parseCommandXml('<p>hello</p>', 'text/html')).code).toBe('NOT_XML');
  });

  it('calls an empty or plain-text answer NOT_XML', () => {
    expect(caught(() => parseCommandXml('')).code).toBe('NOT_XML');
    expect(caught(() => parseCommandXml('Service Unavailable', 'text/plain')).message).toContain('text/plain');
  });
});

describe('helpers', () => {
  it('looksLikeHtml by content type or by markup', () => {
    expect(looksLikeHtml('<x/>', 'text/html; charset=utf-8')).toBe(true);
    expect(looksLikeHtml('  <HTML><BODY>x</BODY></HTML>')).toBe(true);
    expect(looksLikeHtml(API_INFO, 'text/xml')).toBe(false);
  });

  it('readXmlError returns the message or undefined, never throws', () => {
    expect(readXmlError('<error>Permission denied: perm_backup</error>')).toBe('Permission denied: perm_backup');
    expect(readXmlError('<error>cut')).toBeUndefined();
    expect(readXmlError('<html><body>error</body></html>')).toBeUndefined();
    expect(readXmlError(API_INFO)).toBeUndefined();
  });

  // Bodies the validator passes but the parser itself throws on (plain Errors before the fix).
  const PARSER_THROWS = [
    '<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><error>&a;</error>',
    '<!DOCTYPE x [<!ENTITY >]><error/>',
    '<!DOCTYPE x [<!ELEMENT >]><error/>',
    '<__proto__><error>x</error></__proto__>',
    '<error><constructor>1</constructor></error>',
  ];

  it('describes a hostile page quickly (no quadratic title search)', () => {
    const hostile = '<html>' + '<title'.repeat(11_000);
    const started = performance.now();
    expect(caught(() => parseCommandXml(hostile, 'text/html')).message).toContain('a web page');
    expect(performance.now() - started).toBeLessThan(200);
    expect(caught(() => parseCommandXml('<html><head><title> Sign in </title></head></html>')).message).toContain('“Sign in”');
  });

  it('readXmlError never throws, even where the XML parser does', () => {
    for (const body of PARSER_THROWS) expect(readXmlError(body)).toBeUndefined();
  });

  it('parseCommandXml turns the parser’s own failures into MALFORMED_XML', () => {
    for (const body of [...PARSER_THROWS, '<constructor>x</constructor>']) {
      const error = caught(() => parseCommandXml(body));
      expect(error.code).toBe('MALFORMED_XML');
      expect(error.hint).toMatch(/try again/i);
    }
  });
});
