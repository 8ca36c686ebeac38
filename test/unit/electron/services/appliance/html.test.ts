import { describe, expect, it } from 'vitest';
import {
  decodeEntities,
  findElementById,
  findElements,
  findForms,
  formFields,
  textById,
} from '../../../../../electron/services/appliance/html';
import { parseAvailableUpdates } from '../../../../../electron/services/appliance/admin-session';

const UPDATES_PAGE = `<!doctype html><html><head><title>Updates</title></head><body>
<form method="post" action="/appliance/updates/check">
  <input type="hidden" name="csrf_token" value="tok&amp;123">
  <button type="submit">Check for updates</button>
</form>
<table id="installed-software"><tr><td>Base</td><td>6.1.0</td></tr></table>
<table id="available-updates">
  <thead><tr><th>Name</th><th>Version</th><th></th></tr></thead>
  <tbody>
  <tr data-update-id="base-6.2.0" data-kind="base" data-version="6.2.0" data-requires="" data-size="1048576">
    <td>Base Software <b>6.2.0</b></td><td>6.2.0</td>
    <td><form method="post" action="/appliance/updates/install"><input type="hidden" name="csrf_token" value="tok&amp;123"><input type="hidden" name="update_id" value="base-6.2.0"><input type="submit" name="go" value="Install This Update"></form></td>
  </tr>
  <tr data-update-id='site-23.2.1' data-kind=site data-version="23.2.1" data-requires="6.2.0" data-size="2097152">
    <td>Site 23.2.1</td><td>23.2.1</td>
    <td><form method="post" action="/appliance/updates/install"><input type="hidden" name="csrf_token" value="tok&amp;123"><input type="hidden" name="update_id" value="site-23.2.1"></form></td>
  </tr>
  </tbody>
</table>
<p class="error" id="update-error">This update requires Base Software 6.2.0. Install it first.</p>
</body></html>`;

describe('html helpers', () => {
  it('decodes named and numeric entities', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &#39;d&#x27; &rsquo;')).toBe("a & b <c> 'd' ’");
  });

  it('finds an element by id and reads its text', () => {
    expect(textById(UPDATES_PAGE, 'update-error')).toBe('This update requires Base Software 6.2.0. Install it first.');
    expect(findElementById(UPDATES_PAGE, 'nope')).toBeUndefined();
  });

  it('closes nested elements of the same name correctly', () => {
    const html = '<div id="outer">a<div>b</div>c</div><div>d</div>';
    expect(findElementById(html, 'outer')?.inner).toBe('a<div>b</div>c');
  });

  it('does not mistake a similar id for the wanted one', () => {
    const html = '<dd id="serial-label">Serial</dd><dd id="serial">LAB-A-1001</dd>';
    expect(textById(html, 'serial')).toBe('LAB-A-1001');
  });

  it('collects the fields a browser would post', () => {
    const fields = formFields(
      '<input type="hidden" name="csrf_token" value="x"><input name="username" value="">' +
        '<input type="checkbox" name="keep" checked><input type="checkbox" name="skip">' +
        '<input type="submit" name="go" value="Go"><input name="off" value="1" disabled>' +
        '<select name="role"><option value="a">A</option><option value="b" selected>B</option></select>',
    );
    expect(fields).toEqual({ csrf_token: 'x', username: '', keep: 'on', role: 'b' });
  });

  it('lists forms with action, method and fields', () => {
    const forms = findForms(UPDATES_PAGE);
    expect(forms.map((f) => f.action)).toEqual([
      '/appliance/updates/check',
      '/appliance/updates/install',
      '/appliance/updates/install',
    ]);
    expect(forms[0]?.fields).toEqual({ csrf_token: 'tok&123' });
    expect(forms[1]?.method).toBe('post');
    expect(forms[2]?.fields.update_id).toBe('site-23.2.1');
    expect(findElements(UPDATES_PAGE, 'table')).toHaveLength(2);
  });
});

describe('parseAvailableUpdates', () => {
  it('reads every update row from #available-updates', () => {
    expect(parseAvailableUpdates(UPDATES_PAGE)).toEqual([
      { id: 'base-6.2.0', name: 'Base Software 6.2.0', kind: 'base', version: '6.2.0', size: 1048576 },
      { id: 'site-23.2.1', name: 'Site 23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 2097152 },
    ]);
  });

  it('is empty before any check', () => {
    expect(parseAvailableUpdates('<p id="no-check">Not checked yet.</p>')).toEqual([]);
  });

  it('refuses a row whose kind it cannot tell', () => {
    const page = '<table id="available-updates"><tr data-update-id="x" data-kind="other"><td>x</td></tr></table>';
    expect(() => parseAvailableUpdates(page)).toThrow(/Base Software or a site package/);
  });
});
