/**
 * Fuzzing the appliance XML parser: whatever an appliance, a proxy or an attacker answers,
 * each parser returns its typed result or throws an AppError with a code the client maps —
 * never a plain Error that would surface as INTERNAL. readXmlError never throws at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { apiStatusError } from '../../../../../electron/services/appliance/errors';
import { parseApiInfo, parseCommandXml, parseHealth, readXmlError } from '../../../../../electron/services/appliance/xml';
import { FUZZ_TIMEOUT_MS, fuzzRuns } from '../../../helpers/fuzz';

const PARSER_CODES = new Set(['NOT_XML', 'MALFORMED_XML', 'APPLIANCE_ERROR']);

/** Runs `parse`; a throw must be an AppError with one of the parser's codes. */
function typedOutcome(parse: () => unknown): 'value' | string {
  try {
    parse();
    return 'value';
  } catch (error) {
    if (!(error instanceof AppError)) throw new Error(`a plain ${String((error as Error)?.name)} escaped: ${String((error as Error)?.message)}`);
    if (!PARSER_CODES.has(error.code)) throw new Error(`unexpected code ${error.code}`);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.hint.length).toBeGreaterThan(0);
    return error.code;
  }
}

const TOKENS = [
  '<', '>', '</', '/>', '=', '"', "'", ' ', '\n', '\uFEFF', '&', ';', ':',
  '<?xml version="1.0" encoding="UTF-8"?>', '<?xml', '?>',
  '<!DOCTYPE x [', '<!DOCTYPE html>', ']>', '<!ENTITY a "b">', '<!ENTITY a SYSTEM "file:///etc/passwd">', '<!ENTITY >', '<!ELEMENT >',
  '&a;', '&amp;', '&lt;', '&#x110000;', '&#99999999999;', '<![CDATA[', ']]>', '<!--', '-->',
  '<error>', '</error>', '<e:error xmlns:e="urn:x">', '</e:error>', '<error/>',
  '<appliances>', '</appliances>', '<appliance id="A-1">', '</appliance>', '<hostname>', '</hostname>', 'h.example',
  '<version>', '</version>', '23.1.1', '<failover_role>', '</failover_role>', 'primary', 'secondary',
  '<enabled_shared_ips>', '</enabled_shared_ips>', '<ip>', '</ip>', '<last_data_sync_time ts="5">', '</last_data_sync_time>',
  '<api_information>', '</api_information>', '<api_version>', '</api_version>', '<timestamp>', '</timestamp>', '1795000000', 'NaN',
  '<permissions>', '</permissions>', '<perm_backup>', '</perm_backup>',
  '__proto__', 'constructor', 'prototype', 'toString', '<__proto__>', '<constructor>', '<html>', '<body>', '<title>', '</title>',
];

/** Sequences of XML-ish tokens: mostly broken documents, sometimes well-formed ones. */
const nearXml = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(''));

const HEALTH = `<?xml version="1.0"?><appliances xmlns="https://www.beyondtrust.com/namespaces/API/command"><appliance id="A-1"><hostname>h.example</hostname><version>23.1.1</version><success>1</success><failover_role>none</failover_role><enabled_shared_ips><ip>10.0.0.1</ip></enabled_shared_ips><last_data_sync_time ts="5"></last_data_sync_time></appliance></appliances>`;
const API_INFO = `<?xml version="1.0"?><api_information><api_version>1.20</api_version><timestamp>1795000000</timestamp><permissions><perm_backup>1</perm_backup></permissions></api_information>`;

/** A valid answer with bytes cut out, text inserted, or both: truncations, injections, typos. */
const mutated = fc
  .tuple(fc.constantFrom(HEALTH, API_INFO), fc.nat(), fc.nat({ max: 40 }), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })))
  .map(([doc, at, cut, insert]) => {
    const i = at % (doc.length + 1);
    return doc.slice(0, i) + insert + doc.slice(i + cut);
  });

const anyBody = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), nearXml, mutated);
const contentType = fc.option(fc.constantFrom('text/xml', 'application/xml; charset=utf-8', 'text/html', 'text/plain', ''), { nil: undefined });

/** Text that XML escaping must carry through unchanged. */
const xmlText = fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim() === text && text.trim() !== '' && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text) && !/[\ud800-\udfff]/.test(text));
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('appliance XML parser (fuzzed)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('parseCommandXml, parseHealth and parseApiInfo return a value or a typed AppError for any body', () => {
    fc.assert(
      fc.property(anyBody, contentType, (body, type) => {
        typedOutcome(() => parseCommandXml(body, type));
        typedOutcome(() => parseHealth(body, type));
        typedOutcome(() => parseApiInfo(body, type));
      }),
      fuzzRuns(1500),
    );
  });

  it('readXmlError returns a string or undefined for any body, never throws', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const said = readXmlError(body);
        expect(said === undefined || (typeof said === 'string' && said.length > 0)).toBe(true);
      }),
      fuzzRuns(1500),
    );
  });

  it('an <error> answer with any text comes back as that text, from both readers', () => {
    fc.assert(
      fc.property(xmlText, (text) => {
        const body = `<?xml version="1.0"?><error>${escape(text)}</error>`;
        expect(readXmlError(body)).toBe(text);
        expect(typedOutcome(() => parseCommandXml(body, 'text/xml'))).toBe('APPLIANCE_ERROR');
      }),
      fuzzRuns(500),
    );
  });

  it('a well-formed health answer keeps its values exactly, as strings', () => {
    fc.assert(
      fc.property(xmlText, xmlText, fc.constantFrom('none', 'primary', 'backup'), (hostname, version, role) => {
        const body = HEALTH.replace('h.example', () => escape(hostname)).replace('23.1.1', () => escape(version)).replace('>none<', () => `>${role}<`);
        const health = parseHealth(body, 'text/xml');
        expect(health).toMatchObject({ hostname, version, failoverRole: role, applianceId: 'A-1', sharedIps: ['10.0.0.1'] });
      }),
      fuzzRuns(500),
    );
  });

  it('an unsuccessful API answer becomes a typed AppError whatever its status and body', () => {
    const jsonish = fc.oneof(fc.json(), fc.constantFrom('{"error":"invalid_client"}', '{"error_description":5}', '{', '{"error":null}'));
    const ctx = { baseUrl: 'https://127.0.0.1:9', action: 'reading the API information', timeoutMs: 1000 };
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(anyBody, jsonish), contentType, (status, body, type) => {
        const error = apiStatusError(status, body, type, ctx);
        expect(error).toBeInstanceOf(AppError);
        expect(['UNAUTHORISED', 'PERMISSION_MISSING', 'APPLIANCE_ERROR', 'APPLIANCE_DOWN', 'NOT_XML']).toContain(error.code);
        expect(error.message.length * error.hint.length).toBeGreaterThan(0);
      }),
      fuzzRuns(1000),
    );
  });
});
