/** What a person sees of P5 at the steps where it matters most, from snapshots the graph reaches. */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { hardwareMigrationMachine } from '../../../../../shared/procedures/hardware-migration/machine';
import { hardwareMigrationView } from '../../../../../shared/procedures/hardware-migration/view';
import { procedureDefinitions } from '../../../../../shared/procedures/registry';
import { step } from '../helpers/view-reading';
import { NEW_URL, P5_INPUT } from './fakes';
import { firstHalfTraversal, pathOf, SPLIT_AT, traversal, type ModelPath } from './model';

const firstHalf = getShortestPaths(hardwareMigrationMachine, firstHalfTraversal);
const atExport = firstHalf.find((path) => pathOf(path.state) === SPLIT_AT && path.state.context.oldAppliance?.model === 'physical') as ModelPath;
const second = getShortestPaths(hardwareMigrationMachine, { ...traversal, fromState: atExport.state });
const viewAt = (statePath: string) => {
  const found = [...firstHalf, ...second].find((path) => pathOf(path.state) === statePath);
  if (!found) throw new Error(`not reached: ${statePath}`);
  return hardwareMigrationView(JSON.parse(JSON.stringify(hardwareMigrationMachine.getPersistedSnapshot(found.state))), P5_INPUT);
};

describe('P5 view', () => {
  it('is registered as kind P5', () => {
    expect(procedureDefinitions.P5?.kind).toBe('P5');
    expect(procedureDefinitions.P5?.machine).toBe(hardwareMigrationMachine);
  });

  it('links pages on the new appliance to its address, and the old appliance’s to the site’s', () => {
    const view = viewAt('import-certificate.importing');
    expect(step(view, 'import-certificate').pageUrl).toBe(`${NEW_URL}/appliance/security/certificates`);
    expect(step(view, 'new-install').pageUrl).toBe(`${NEW_URL}/appliance/updates`);
    expect(step(view, 'restore-backup').pageUrl).toBe(`${NEW_URL}/login/management/software`);
    expect(step(view, 'export-certificate').pageUrl).toBe('https://127.0.0.1:9443/appliance/security/certificates');
    expect(step(view, 'reset-old').pageUrl).toBe('https://127.0.0.1:9443/appliance/status');
    // Before the new appliance's address is known there is nothing to link to.
    expect(step(viewAt('new-appliance.ask'), 'import-certificate').pageUrl).toBeUndefined();
  });

  it('shows the fingerprint to compare, and asks for the factory password as a generated secret typed twice', () => {
    expect(step(viewAt('new-appliance.compare'), 'new-appliance').code?.value).toBe('NN:NN:01');
    const set = step(viewAt('factory-password.ask'), 'factory-password').actions.find((action) => action.event === 'SET_PASSWORD');
    expect(set?.input).toMatchObject({ kind: 'secret', generate: true, confirmTwice: true });
  });

  it('shows the licence text before the operator accepts it', () => {
    const eula = step(viewAt('accept-eula.review'), 'accept-eula');
    expect(eula.document?.text).toMatch(/licence agreement/);
    expect(eula.actions.map((action) => action.event)).toEqual(['ACCEPT_EULA', 'CANCEL']);
  });

  it('counts down the DNS wait and names the old appliance in the reset confirmation', () => {
    const dns = step(viewAt('point-dns.waiting'), 'point-dns');
    expect(Date.parse(dns.wait?.deadline ?? '') - Date.parse(dns.wait?.startedAt ?? '')).toBe(15 * 60_000);
    const reset = step(viewAt('reset-old.confirm'), 'reset-old').actions.find((action) => action.event === 'RESET_OLD');
    expect(reset?.confirm).toMatch(/appliance-a\.lab\.example \(serial LAB-A-1001\).*erased/);
  });

  it('skips the virtual path for a physical old appliance and ends on the support banner after a failed Base install', () => {
    const view = viewAt('test-sessions');
    expect(step(view, 'delete-old').status).toBe('skipped');
    expect(step(view, 'reset-old').status).toBe('pending');
    const support = viewAt('new-support');
    expect(support.status).toBe('support');
    expect(support.currentStepId).toBe('new-install');
    expect(support.banner?.tone).toBe('bad');
  });
});
