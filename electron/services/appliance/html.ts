/**
 * Small, forgiving readers for the admin web interface's plain HTML pages. They find
 * elements by id or tag and read attributes and text; they do not build a DOM.
 *
 * Every pattern that scans to a closing mark (`>`, `-->`, `</script>`, a closing quote) also
 * accepts the end of the page instead: an unclosed construct then runs to the end in one
 * match, where a pattern without `|$` would rescan the rest of the page from every `<` —
 * seconds of a blocked main process for a hostile 100 KiB page.
 */

export interface HtmlElement {
  tag: string;
  attributes: Record<string, string>;
  /** Markup between the opening and closing tag ('' for void elements). */
  inner: string;
}

export interface HtmlForm {
  action: string;
  method: string;
  /** Every named field the browser would submit by default (hidden, text, password, selects). */
  fields: Record<string, string>;
  inner: string;
}

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Visible text of a fragment: tags and comments removed, entities decoded, spaces collapsed. */
export function textContent(html: string): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  return decodeEntities(withoutHidden.replace(/<[^>]*(?:>|$)/g, ' ')).replace(/\s+/g, ' ').trim();
}

export function parseAttributes(openingTag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  let body = openingTag.replace(/^<\s*[\w-]+/, '');
  // Not /\/?\s*>$/: tried at every space of a long run of them, that regex is quadratic.
  if (body.endsWith('>')) body = body.slice(0, -1).trimEnd().replace(/\/$/, '');
  const pattern = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)(?:"|$)|'([^']*)(?:'|$)|([^\s"'=<>`]+)))?/g;
  for (const match of body.matchAll(pattern)) {
    const name = match[1]?.toLowerCase();
    if (!name) continue;
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** Every element with this tag name, in document order (including nested ones). */
export function findElements(html: string, tag: string): HtmlElement[] {
  const name = tag.toLowerCase();
  const opening = new RegExp(`<${name}(?=[\\s>/]|$)[^>]*(?:>|$)`, 'gi');
  const elements: HtmlElement[] = [];
  for (const match of html.matchAll(opening)) {
    const start = match.index ?? 0;
    elements.push(elementAt(html, start, match[0], name));
  }
  return elements;
}

export function findElementById(html: string, id: string): HtmlElement | undefined {
  const opening = /<([a-z][\w-]*)(?=[\s>/]|$)[^>]*(?:>|$)/gi;
  for (const match of html.matchAll(opening)) {
    const tagText = match[0];
    if (!tagText.includes(id)) continue;
    if (parseAttributes(tagText).id === id) {
      return elementAt(html, match.index ?? 0, tagText, (match[1] ?? '').toLowerCase());
    }
  }
  return undefined;
}

export function textById(html: string, id: string): string | undefined {
  const element = findElementById(html, id);
  return element ? textContent(element.inner) : undefined;
}

export function findForms(html: string): HtmlForm[] {
  return findElements(html, 'form').map((form) => ({
    action: form.attributes.action ?? '',
    method: (form.attributes.method ?? 'get').toLowerCase(),
    fields: formFields(form.inner),
    inner: form.inner,
  }));
}

/** The fields a browser submits for a form when no particular submit button is named. */
export function formFields(formInner: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of findElements(formInner, 'input')) {
    const { name, type = 'text', value = '' } = input.attributes;
    if (!name || 'disabled' in input.attributes) continue;
    const kind = type.toLowerCase();
    if (['submit', 'button', 'reset', 'image', 'file'].includes(kind)) continue;
    if ((kind === 'checkbox' || kind === 'radio') && !('checked' in input.attributes)) continue;
    fields[name] = kind === 'checkbox' || kind === 'radio' ? value || 'on' : value;
  }
  for (const select of findElements(formInner, 'select')) {
    const name = select.attributes.name;
    if (!name || 'disabled' in select.attributes) continue;
    const options = findElements(select.inner, 'option');
    const chosen = options.find((o) => 'selected' in o.attributes) ?? options[0];
    if (chosen) fields[name] = chosen.attributes.value ?? textContent(chosen.inner);
  }
  for (const area of findElements(formInner, 'textarea')) {
    const name = area.attributes.name;
    if (name && !('disabled' in area.attributes)) fields[name] = decodeEntities(area.inner);
  }
  return fields;
}

function elementAt(html: string, start: number, openingTag: string, tag: string): HtmlElement {
  const attributes = parseAttributes(openingTag);
  const afterOpening = start + openingTag.length;
  if (VOID_ELEMENTS.has(tag) || openingTag.endsWith('/>')) return { tag, attributes, inner: '' };
  // Count nested elements of the same name so <table> inside <table> closes correctly.
  const boundary = new RegExp(`<(/?)${tag}(?=[\\s>/]|$)[^>]*(?:>|$)`, 'gi');
  boundary.lastIndex = afterOpening;
  let depth = 1;
  for (let match = boundary.exec(html); match; match = boundary.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return { tag, attributes, inner: html.slice(afterOpening, match.index) };
  }
  // Unclosed (browsers tolerate it): the element runs to the end of the page.
  return { tag, attributes, inner: html.slice(afterOpening) };
}
