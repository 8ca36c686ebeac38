/**
 * Fuzzing the admin-page readers: any page, however broken or hostile, is read in linear
 * time without throwing (a quadratic pattern on a 100 KiB page blocks the main process for
 * seconds), and a well-formed form gives back exactly the fields it holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findElementById, findElements, findForms, textById, textContent } from '../../../../../electron/services/appliance/html';
import { FUZZ_TIMEOUT_MS, fuzzRuns } from '../../../helpers/fuzz';

function readAll(page: string): void {
  textContent(page);
  findElements(page, 'input');
  findElementById(page, 'update-error');
  textById(page, 'available-updates');
  findForms(page);
}

const TOKENS = ['<', '>', '</', '/>', '<!--', '-->', '<script>', '</script>', '<style', '<form method="post" action="/x">', '</form>', '<input ', 'type="hidden" ', 'name="a" ', "value='b' ", 'value=c ', 'disabled ', 'checked ', '<select name="s">', '<option value="1" selected>', '</select>', '<textarea name="t">', '</textarea>', '<table id="available-updates">', '</table>', '<p id="update-error">', '&amp;', '&#x110000;', '&#39;', '"', "'", '=', ' ', '\n', 'text'];
const nearHtml = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 5 })), { maxLength: 80 }).map((parts) => parts.join(''));

describe('admin page readers (fuzzed)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('read any near-HTML page without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(nearHtml, fc.string({ maxLength: 300 })), (page) => {
        readAll(page);
      }),
      fuzzRuns(1500),
    );
  });

  it('read a hostile 100 KiB page in linear time', () => {
    const n = 100 * 1024;
    const hostile = {
      'unclosed tags': '<'.repeat(n),
      'unclosed inputs': '<input '.repeat(n / 7),
      'unclosed scripts': '<script'.repeat(n / 7),
      'unclosed comments': '<!--'.repeat(n / 4),
      'unclosed ids': '<div id="update-error" '.repeat(n / 23),
      'unclosed quotes': `<input ${'a="'.repeat(n / 3)}>`,
      'trailing spaces': `<input value=a${' '.repeat(n)}`,
      'spaces before >': `<input value=a${' '.repeat(n)}x>`,
    };
    for (const [name, page] of Object.entries(hostile)) {
      const started = performance.now();
      readAll(page);
      // Linear work on 100 KiB takes milliseconds; the quadratic patterns took seconds.
      expect(performance.now() - started, name).toBeLessThan(400);
    }
  });

  it('a well-formed form gives back exactly its named fields', () => {
    const fieldName = fc.string({ unit: fc.constantFrom(...'abc_-09'.split('')), minLength: 1, maxLength: 10 });
    const fieldValue = fc.string({ maxLength: 20 }).filter((value) => !/[\u0000-\u001f]/.test(value));
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    fc.assert(
      fc.property(fc.dictionary(fieldName, fieldValue, { minKeys: 1, maxKeys: 6 }), fc.constantFrom('', ' ', '  /'), (fields, tail) => {
        const inputs = Object.entries(fields)
          .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}"${tail}>`)
          .join('\n');
        const page = `<html><body><form method="POST" action="/appliance/updates/install">${inputs}<input type="submit" name="go" value="Go"></form></body></html>`;
        const forms = findForms(page);
        expect(forms).toHaveLength(1);
        expect(forms[0]).toMatchObject({ action: '/appliance/updates/install', method: 'post' });
        expect(forms[0]!.fields).toEqual(fields);
      }),
      fuzzRuns(500),
    );
  });
});
