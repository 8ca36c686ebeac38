/**
 * Pure parsers for the command API's XML answers. Namespaces and prefixes are ignored (the
 * appliance puts its elements in a default namespace; some versions prefix them).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../../shared/errors';
import type { ApiInfo, Health } from './types';

type XmlNode = Record<string, unknown>;

const ALWAYS_ARRAYS = new Set(['appliance', 'ip']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Values stay strings: "1.20" must not become 1.2 and ids must keep leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

/** True when the answer is a web page rather than XML (error pages often claim text/xml). */
export function looksLikeHtml(body: string, contentType?: string): boolean {
  if (contentType && /\btext\/html\b/i.test(contentType)) return true;
  const head = stripXmlProlog(body).slice(0, 512).toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body)[\s>]/.test(head);
}

/** "an HTML page titled “…”", "an empty answer", "something that is not XML" — for messages. */
export function describeNonXml(body: string, contentType?: string): string {
  if (body.trim() === '') return 'an empty answer';
  if (looksLikeHtml(body, contentType)) {
    // Bounded, in the page's head only: an unbounded search is quadratic on a hostile body.
    const title = /<title[^>]{0,200}>([^<]{0,300})<\/title>/i.exec(body.slice(0, 16 * 1024))?.[1]?.trim();
    return title ? `a web page titled “${title}”` : 'a web page';
  }
  return contentType ? `content of type ${contentType}` : 'something that is not XML';
}

/**
 * Parses an XML answer into its root element's name and content. Rejects with NOT_XML for
 * HTML or other content, MALFORMED_XML when the XML is not well formed, and APPLIANCE_ERROR
 * when the appliance answered `<error>…</error>`.
 */
export function parseCommandXml(body: string, contentType?: string): { root: string; node: XmlNode } {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '' || looksLikeHtml(text, contentType) || !stripXmlProlog(text).startsWith('<')) {
    throw new AppError(
      'NOT_XML',
      `The appliance answered with ${describeNonXml(text, contentType)} instead of XML.`,
      'Something other than the appliance’s API may be answering (an error page or a proxy). Wait a minute and try again; if it repeats, open the address in a browser to see what answers.',
      { contentType },
    );
  }
  const document = parseDocument(text);
  const rootName = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (!rootName) throw unexpectedShape('an empty document');
  const rawRoot = document[rootName];
  if (rootName === 'error') {
    const message = textOf(rawRoot) || 'no message given';
    throw new AppError(
      'APPLIANCE_ERROR',
      `The appliance answered with an error: “${message}”`,
      'Read the appliance’s message; if it is unclear, check the appliance console or contact BeyondTrust support with it.',
      { applianceMessage: message },
    );
  }
  return { root: rootName, node: asNode(rawRoot) };
}

/** The text of an `<error>` answer, or undefined when the body is not one. Never throws. */
export function readXmlError(body: string): string | undefined {
  if (typeof body !== 'string' || !/<(?:[\w-]+:)?error[\s>/]/.test(body)) return undefined;
  try {
    const document = parseDocument(body);
    return Object.prototype.hasOwnProperty.call(document, 'error') ? textOf(document.error) || undefined : undefined;
  } catch {
    // Whatever the body, a failed request still gets its own error (the status), never this one.
    return undefined;
  }
}

/**
 * Validates and parses a document. The parser throws plain Errors of its own on input the
 * validator lets through (a DOCTYPE it cannot read, external entities, names such as
 * `__proto__`); each becomes MALFORMED_XML, so nothing untyped escapes.
 */
function parseDocument(text: string): XmlNode {
  let failure: { line?: number; reason: string };
  try {
    const validation = XMLValidator.validate(text);
    if (validation === true) {
      const document: unknown = parser.parse(text);
      if (typeof document === 'object' && document !== null) return document as XmlNode;
      failure = { reason: 'no document' };
    } else {
      failure = { line: validation.err.line, reason: validation.err.msg };
    }
  } catch (error) {
    failure = { reason: error instanceof Error ? error.message : String(error) };
  }
  const where = failure.line === undefined ? '' : ` at line ${failure.line}`;
  throw new AppError(
    'MALFORMED_XML',
    `The appliance’s answer is broken XML (${failure.reason}${where}).`,
    'The answer may have been cut off. Try again; if it repeats, note the appliance version and contact BeyondTrust support.',
    { ...(failure.line === undefined ? {} : { line: failure.line }), reason: failure.reason },
  );
}

export function parseApiInfo(body: string, contentType?: string): ApiInfo {
  const { root, node } = parseCommandXml(body, contentType);
  if (root !== 'api_information') throw unexpectedShape(`<${root}> instead of <api_information>`);
  const apiVersion = requiredText(node, 'api_version');
  const timestamp = Number(requiredText(node, 'timestamp'));
  if (!Number.isFinite(timestamp)) throw unexpectedShape('a timestamp that is not a number');
  const permissions: Record<string, string> = {};
  for (const [name, value] of Object.entries(asNode(node.permissions))) {
    if (!name.startsWith('@_') && !name.startsWith('#')) permissions[name] = textOf(value);
  }
  return { apiVersion, timestamp, permissions };
}

const FAILOVER_ROLES = ['none', 'primary', 'backup'] as const;

export function parseHealth(body: string, contentType?: string): Health {
  const { root, node } = parseCommandXml(body, contentType);
  if (root !== 'appliances') throw unexpectedShape(`<${root}> instead of <appliances>`);
  const appliances = node.appliance;
  const first = Array.isArray(appliances) ? asNode(appliances[0]) : undefined;
  if (!first) throw unexpectedShape('no <appliance> element');
  const role = textOf(first.failover_role) || 'none';
  if (!(FAILOVER_ROLES as readonly string[]).includes(role)) {
    throw unexpectedShape(`an unknown failover role “${role}”`);
  }
  const ips = asNode(first.enabled_shared_ips).ip;
  const syncNode = asNode(first.last_data_sync_time);
  const syncAt = Number(syncNode['@_ts'] ?? 0);
  const syncStatus = textOf(first.last_data_sync_status);
  const errorMessage = textOf(first.error_message);
  return {
    applianceId: String(first['@_id'] ?? ''),
    hostname: requiredText(first, 'hostname'),
    version: requiredText(first, 'version'),
    success: textOf(first.success) === '1',
    ...(errorMessage ? { errorMessage } : {}),
    failoverRole: role as Health['failoverRole'],
    sharedIps: Array.isArray(ips) ? ips.map(textOf).filter((ip) => ip !== '') : [],
    ...(Number.isFinite(syncAt) && syncAt > 0 ? { lastDataSync: { at: syncAt, status: syncStatus } } : {}),
    lastSyncAt: Number.isFinite(syncAt) && syncAt > 0 ? syncAt : null,
    lastSyncStatus: syncStatus.toLowerCase(),
  };
}

/** The answer to set_failover_role: `<success>1</success>` and the role the appliance took. */
export function parseFailoverRoleAnswer(body: string, contentType?: string): { failoverRole: Health['failoverRole'] } {
  const { root, node } = parseCommandXml(body, contentType);
  const success = root === 'success' ? textOf(node['#text'] ?? node) : textOf(node.success);
  const role = textOf(node.failover_role);
  if (success !== '1' && root !== 'success') throw unexpectedShape(`<${root}> without <success>1</success>`);
  if (!(FAILOVER_ROLES as readonly string[]).includes(role)) throw unexpectedShape(role ? `an unknown failover role “${role}”` : 'no <failover_role>');
  return { failoverRole: role as Health['failoverRole'] };
}

function stripXmlProlog(body: string): string {
  return body.replace(/^\uFEFF/, '').trimStart();
}

/** A leaf may parse as a string, or as an object when it carries attributes. */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value).trim();
  }
  if (Array.isArray(value)) return textOf(value[0]);
  const text = (value as XmlNode)['#text'];
  return text === undefined ? '' : String(text).trim();
}

function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}

function requiredText(node: XmlNode, name: string): string {
  const text = textOf(node[name]);
  if (text === '') throw unexpectedShape(`no <${name}>`);
  return text;
}

function unexpectedShape(what: string): AppError {
  return new AppError(
    'MALFORMED_XML',
    `The appliance’s answer is XML but not in the expected form (${what}).`,
    'This appliance version may answer differently. Note its version and tell the project team.',
  );
}
