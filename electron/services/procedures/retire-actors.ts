/**
 * The actors of a hardware migration (P5) after the restore: the site address asked until the
 * new appliance answers, then the old appliance reset, shut down and the site's records moved
 * over. The reset is destructive, so it asks the site address itself right before posting and
 * refuses while the old appliance still serves the site.
 */
import { randomBytes } from 'node:crypto';
import { fromPromise } from 'xstate';
import type * as M from '../../../shared/procedures/hardware-migration/actors';
import { AppError, isAppError } from '../../../shared/errors';
import { probeCertificate, probeSiteAddress } from '../appliance';
import type { ApplianceEndpoint } from '../appliance/types';
import type { ProcedureActorDeps } from './actors';
import { sleep, throwIfCancelled } from './cancel';
import { applianceEndpoint, FACTORY_ADMIN } from './migration-actors';
import { pollUntil } from './poll';

/** Network answers that mean "nobody there": the appliance is off or unplugged. */
const GONE_CODES = ['UNREACHABLE', 'TIMEOUT'];

function hasCode(error: unknown, ...codes: string[]): boolean {
  return isAppError(error) && codes.includes(error.code);
}

export function createRetireActors(deps: ProcedureActorDeps) {
  const isoNow = () => new Date(deps.clock.now()).toISOString();

  /** Which appliance answers at the site address now, as users reach it. */
  const askSiteAddress = async (input: M.WaitForSiteAddressInput | M.ResetOldApplianceInput): Promise<M.SiteAddressAnswer> => {
    const site = await deps.sites.get(input.siteId);
    if (!site.siteAddress) {
      throw new AppError('INVALID_INPUT', `${site.name} has no site address, so the assistant cannot see which appliance users reach.`, 'Edit the site and enter the address users reach (https://host), then check again.');
    }
    const { endpoint } = await applianceEndpoint(deps, input, 'current');
    const newSerial = input.newSerial;
    const oldSerial = 'oldSerial' in input ? input.oldSerial : input.expectSerial;
    try {
      const answer = await probeSiteAddress({
        siteAddress: site.siteAddress,
        siteHostname: site.siteHostname,
        // Both appliances present the site's one certificate now: the old appliance's pin fits either.
        pinnedFingerprint256: endpoint.pinnedFingerprint256 ?? '',
        apiClientId: endpoint.apiClientId,
        apiClientSecret: endpoint.apiClientSecret,
      });
      const answeredBy = answer.applianceId === newSerial ? 'new' : answer.applianceId === oldSerial ? 'current' : 'other';
      return { answeredBy, serial: answer.applianceId, checkedAt: isoNow() };
    } catch (error) {
      if (hasCode(error, ...GONE_CODES, 'APPLIANCE_DOWN')) return { answeredBy: 'none', serial: null, checkedAt: isoNow() };
      throw error;
    }
  };

  return {
    waitForSiteAddress: fromPromise<M.SiteAddressAnswer, M.WaitForSiteAddressInput>(async ({ input, signal }) => {
      const deadline = Date.parse(input.deadline);
      const started = deps.clock.now();
      for (;;) {
        const answer = await askSiteAddress(input);
        throwIfCancelled(signal);
        const waited = (deps.clock.now() - started) / 1000;
        deps.emitProgress({
          procedureId: input.procedureId,
          stepId: input.stepId,
          label: answer.answeredBy === 'new' ? 'The new appliance answers at the site address' : `The site address is answered by ${describe(answer)}`,
          unit: 'seconds',
          done: Math.round(waited),
          total: Number.isFinite(deadline) ? Math.max(0, Math.round((deadline - started) / 1000)) : null,
          rate: null,
          etaSeconds: null,
        });
        if (answer.answeredBy === 'new' || !(deps.clock.now() < deadline)) return answer;
        await sleep(deps.timing.pollIntervalMs, signal);
      }
    }),

    resetOldAppliance: fromPromise<M.ResetOldApplianceOutput, M.ResetOldApplianceInput>(async ({ input, signal }) => {
      const { appliance, endpoint } = await applianceEndpoint(deps, input, 'current');
      const state = await oldApplianceState(deps, endpoint);
      if (state !== 'running') return { resetStartedAt: isoNow(), alreadyUnderWay: true };
      // Asked right now, not trusted from an earlier step: the reset erases the old appliance.
      const answer = await askSiteAddress(input);
      if (answer.answeredBy !== 'new') {
        throw new AppError(
          'RULE_NOT_MET',
          `The site address is answered by ${describe(answer)}, not by the new appliance, so ${appliance.label} must not be reset: it may still serve the site.`,
          'Point the site hostname at the new appliance and wait until the DNS step confirms it, then reset the old appliance.',
        );
      }
      throwIfCancelled(signal);
      const basics = await deps.clientFactory(endpoint).admin.statusBasics();
      if (basics.serial !== input.expectSerial) {
        throw new AppError('RULE_NOT_MET', `The appliance at ${endpoint.baseUrl} is ${basics.serial}, not the old appliance ${input.expectSerial}.`, 'Check the old appliance’s address in the site, then try again.');
      }
      await deps.clientFactory(endpoint).admin.resetToFactory();
      return { resetStartedAt: isoNow(), alreadyUnderWay: false };
    }),

    waitForFactoryState: fromPromise<M.WaitForFactoryStateOutput, M.WaitForFactoryStateInput>(async ({ input, signal }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'current');
      await pollUntil(deps, signal, async () => ((await oldApplianceState(deps, endpoint)) === 'factory' ? true : undefined), 'the old appliance to finish its reset');
      return { factoryAt: isoNow() };
    }),

    shutDownOldAppliance: fromPromise<M.ShutDownOldApplianceOutput, M.ShutDownOldApplianceInput>(async ({ input, signal }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'current');
      const old = await oldAppliance(deps, endpoint);
      if (old.state === 'running') {
        throw new AppError('RULE_NOT_MET', 'The old appliance still runs with its settings: it was not reset to factory defaults.', 'Reset it first; shutting it down with the site’s settings on it would ship them too.');
      }
      if (old.state === 'factory') {
        // An erased appliance lets nobody in before its factory password is changed: a throw-away
        // one opens Status > Basics for the shut-down. Nothing on it needs protecting any more.
        const admin = factoryAdmin(deps, { ...endpoint, pinnedFingerprint256: old.fingerprint });
        await admin.changePassword(FACTORY_ADMIN.password, `Erased-${randomBytes(12).toString('hex')}`);
        await admin.shutDown();
      }
      await pollUntil(deps, signal, async () => ((await gone(endpoint)) ? true : undefined), 'the old appliance to stop answering');
      return { stoppedAt: isoNow() };
    }),

    checkOldApplianceGone: fromPromise<M.CheckOldApplianceGoneOutput, M.CheckOldApplianceGoneInput>(async ({ input }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'current');
      return { gone: await gone(endpoint), checkedAt: isoNow() };
    }),

    promoteNewAppliance: fromPromise<M.PromoteNewApplianceOutput, M.PromoteNewApplianceInput>(async ({ input }) => {
      const site = await deps.sites.get(input.siteId);
      const fresh = site.appliances.find((a) => a.role === 'new' && a.retiredAt === undefined);
      if (fresh) {
        if (!deps.siteAppliances) throw new AppError('INTERNAL', 'This build cannot change a site’s appliances.', 'Report this to the developers.');
        await deps.siteAppliances.promoteAppliance(input.siteId, fresh.id);
      }
      return { promotedAt: isoNow() };
    }),
  };
}

function describe(answer: M.SiteAddressAnswer): string {
  switch (answer.answeredBy) {
    case 'current':
      return `the old appliance (${answer.serial})`;
    case 'new':
      return `the new appliance (${answer.serial})`;
    case 'other':
      return `another appliance (${answer.serial})`;
    case 'none':
      return 'nobody (no appliance answers)';
  }
}

/**
 * The old appliance now: running with the site's settings, resetting (it answers 503), in
 * factory state (a new self-signed certificate, the factory sign-in demanding a new password),
 * or gone (no answer at all).
 */
async function oldApplianceState(deps: ProcedureActorDeps, endpoint: ApplianceEndpoint): Promise<'running' | 'resetting' | 'factory' | 'gone'> {
  return (await oldAppliance(deps, endpoint)).state;
}

async function oldAppliance(deps: ProcedureActorDeps, endpoint: ApplianceEndpoint): Promise<{ state: 'running' | 'resetting' | 'factory' | 'gone'; fingerprint: string }> {
  const state = (value: 'running' | 'resetting' | 'factory' | 'gone') => ({ state: value, fingerprint });
  let fingerprint = '';
  try {
    fingerprint = (await probeCertificate(endpoint.baseUrl)).fingerprint256;
  } catch (error) {
    if (hasCode(error, ...GONE_CODES)) return state('gone');
    throw error;
  }
  if (fingerprint === endpoint.pinnedFingerprint256) {
    try {
      const basics = await deps.clientFactory(endpoint).admin.statusBasics();
      return state(basics.status === 'resetting' ? 'resetting' : 'running');
    } catch (error) {
      if (hasCode(error, 'APPLIANCE_DOWN')) return state('resetting');
      // A reset already under way or done: the stored password no longer signs in.
      if (!hasCode(error, 'ADMIN_LOGIN_FAILED', 'PASSWORD_CHANGE_REQUIRED')) throw error;
    }
  }
  try {
    await factoryAdmin(deps, { ...endpoint, pinnedFingerprint256: fingerprint }).statusBasics();
    return state('running');
  } catch (error) {
    if (hasCode(error, 'PASSWORD_CHANGE_REQUIRED')) return state('factory');
    if (hasCode(error, 'APPLIANCE_DOWN')) return state('resetting');
    if (hasCode(error, ...GONE_CODES)) return state('gone');
    throw error;
  }
}

function factoryAdmin(deps: ProcedureActorDeps, endpoint: ApplianceEndpoint) {
  return deps.clientFactory({ ...endpoint, adminUser: FACTORY_ADMIN.user, adminPassword: FACTORY_ADMIN.password }).admin;
}

async function gone(endpoint: ApplianceEndpoint): Promise<boolean> {
  try {
    await probeCertificate(endpoint.baseUrl, 3_000);
    return false;
  } catch (error) {
    if (hasCode(error, ...GONE_CODES)) return true;
    throw error;
  }
}
