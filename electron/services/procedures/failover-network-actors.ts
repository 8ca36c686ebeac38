/**
 * The actors of the failover-pair procedures (P3, P4) that concern who serves the site: the
 * site address asked as users reach it, one appliance asked as if it were the site (a hosts-file
 * override), the shared IP moved from one appliance to the other, and the Jump Clients awaited.
 * Only switchSharedIp changes anything, and it reads both appliances first.
 */
import { fromPromise } from 'xstate';
import type * as F from '../../../shared/procedures/steps/failover/actors';
import { AppError } from '../../../shared/errors';
import { probeSiteServer } from '../appliance';
import type { SharedIpSetting } from '../appliance/types';
import type { ProcedureActorDeps } from './actors';
import { sleep, throwIfCancelled } from './cancel';
import { NOBODY_CODES, pollJumpClients } from './aftercare-actors';
import { hasCode, naming, pairAppliance } from './failover-actors';


export function createFailoverNetworkActors(deps: ProcedureActorDeps) {
  const isoNow = () => new Date(deps.clock.now()).toISOString();

  /** Who answers at the site address now: the certificate first, then check_health pinned to it. */
  async function askSite(siteId: string, known: Partial<Record<F.PairRole, string>>): Promise<F.SiteServesAnswer> {
    const a = await pairAppliance(deps, siteId, 'A');
    const b = await pairAppliance(deps, siteId, 'B');
    const site = a.site;
    const trusted = [a.endpoint.pinnedFingerprint256, b.endpoint.pinnedFingerprint256].filter((f): f is string => Boolean(f));
    try {
      const served = await probeSiteServer({
        siteAddress: site.siteAddress ?? `https://${site.siteHostname}`,
        siteHostname: site.siteHostname,
        trusted,
        apiClientId: a.endpoint.apiClientId,
        apiClientSecret: a.endpoint.apiClientSecret,
      });
      if (!served.answer) return { answeredBy: 'other', serial: null, version: null, checkedAt: isoNow() };
      const serial = served.answer.applianceId;
      const answeredBy = serial === known.A ? 'A' : serial === known.B ? 'B' : 'other';
      return { answeredBy, serial, version: served.answer.version, checkedAt: isoNow() };
    } catch (error) {
      // A flapping address may hand the check to the other appliance than the certificate came from.
      if (hasCode(error, ...NOBODY_CODES, 'TLS_CHANGED')) return { answeredBy: 'none', serial: null, version: null, checkedAt: isoNow() };
      throw error;
    }
  }

  /** The serials of A and B: asked, else the last connection test's. An appliance that is off has none to give. */
  async function serials(siteId: string): Promise<Partial<Record<F.PairRole, string>>> {
    const known: Partial<Record<F.PairRole, string>> = {};
    for (const role of ['A', 'B'] as const) {
      const { clients, appliance } = await pairAppliance(deps, siteId, role);
      try {
        known[role] = (await clients.api.checkHealth()).applianceId;
      } catch (error) {
        if (!hasCode(error, ...NOBODY_CODES) || !appliance.lastReport) continue;
        known[role] = appliance.lastReport.applianceId;
      }
    }
    return known;
  }

  return {
    waitForSiteServes: fromPromise<F.SiteServesAnswer, F.WaitForSiteServesInput>(async ({ input, signal }) => {
      const deadline = Date.parse(input.deadline);
      const known = await serials(input.siteId);
      for (;;) {
        const answer = await askSite(input.siteId, known);
        throwIfCancelled(signal);
        const left = Number.isFinite(deadline) ? Math.max(0, Math.round((deadline - deps.clock.now()) / 1000)) : 0;
        deps.emitProgress({
          procedureId: input.procedureId,
          stepId: input.stepId,
          label: `${whoAnswers(answer)} (${left} s left)`,
          unit: 'seconds',
          done: left,
          total: null,
          rate: null,
          etaSeconds: left,
        });
        if (answer.answeredBy === input.expect || !(deps.clock.now() < deadline)) return answer;
        await sleep(deps.timing.pollIntervalMs, signal);
      }
    }),

    probeApplianceAsSite: fromPromise<F.ProbeApplianceAsSiteOutput, F.ProbeApplianceAsSiteInput>(async ({ input }) => {
      const { site, endpoint, name } = await pairAppliance(deps, input.siteId, input.appliance);
      const served = await naming(
        name,
        probeSiteServer({
          siteAddress: endpoint.baseUrl,
          siteHostname: site.siteHostname,
          trusted: endpoint.pinnedFingerprint256 ? [endpoint.pinnedFingerprint256] : [],
          apiClientId: endpoint.apiClientId,
          apiClientSecret: endpoint.apiClientSecret,
        }),
      );
      if (!served.answer) {
        throw new AppError(
          'TLS_CHANGED',
          `${name} presents a certificate for ${site.siteHostname} other than the one trusted for it (fingerprint ${served.certificate.fingerprint256}).`,
          'Compare the fingerprint with the appliance’s Security > Certificates page and trust it on the appliance if it is right, then check again.',
        );
      }
      return {
        serial: served.answer.applianceId,
        version: served.answer.version,
        fingerprint256: served.certificate.fingerprint256,
        coversSiteHostname: served.coversSiteHostname,
        checkedAt: isoNow(),
      };
    }),

    switchSharedIp: fromPromise<F.SwitchSharedIpOutput, F.SwitchSharedIpInput>(async ({ input, signal }) => {
      const from = await pairAppliance(deps, input.siteId, input.from);
      const to = await pairAppliance(deps, input.siteId, input.to);
      // An appliance that is off holds no address: the switch goes on without it.
      const fromIps = await from.ask((c) => c.admin.sharedIps()).catch((error: unknown) => {
        if (hasCode(error, ...NOBODY_CODES)) return null;
        throw error;
      });
      const toIps = await to.ask((c) => c.admin.sharedIps());
      const sharedIp = (toIps.find((s) => fromIps?.some((f) => f.ip === s.ip)) ?? toIps[0])?.ip;
      if (!sharedIp) {
        throw new AppError('FAILOVER_REFUSED', `${to.name} has no shared IP configured, so there is none to move to it.`, 'Configure the shared IP on both appliances (Networking > IP Configuration), then switch again.');
      }
      const enabledOn = (list: SharedIpSetting[] | null) => list?.some((s) => s.ip === sharedIp && s.enabled) ?? false;
      if (enabledOn(toIps) && !enabledOn(fromIps)) return { disabledAt: null, enabledAt: isoNow(), gapMs: 0, alreadyDone: true, sharedIp };
      let disabledMs: number | null = null;
      // Disabled first: two holders at once are an address conflict, and it ends it when found.
      if (enabledOn(fromIps)) {
        await from.ask((c) => c.admin.setSharedIp(sharedIp, false));
        disabledMs = deps.clock.now();
      }
      throwIfCancelled(signal);
      if (!enabledOn(toIps)) await to.ask((c) => c.admin.setSharedIp(sharedIp, true));
      const enabledMs = deps.clock.now();
      const [fromAfter, toAfter] = [fromIps === null ? null : await from.ask((c) => c.admin.sharedIps()), await to.ask((c) => c.admin.sharedIps())];
      if (!enabledOn(toAfter) || enabledOn(fromAfter)) {
        throw new AppError(
          'FAILOVER_REFUSED',
          `After the switch the shared IP ${sharedIp} reads ${enabledOn(toAfter) ? 'enabled' : 'disabled'} on ${input.to} and ${enabledOn(fromAfter) ? 'enabled' : 'disabled'} on ${input.from}; it should be on ${input.to} alone.`,
          'Open both appliances’ Networking > IP Configuration pages, enable the shared IP on the one that should serve and disable it on the other.',
        );
      }
      return {
        disabledAt: disabledMs === null ? null : new Date(disabledMs).toISOString(),
        enabledAt: new Date(enabledMs).toISOString(),
        gapMs: disabledMs === null ? 0 : enabledMs - disabledMs,
        alreadyDone: false,
        sharedIp,
      };
    }),

    awaitJumpClients: fromPromise<F.AwaitJumpClientsOutput, F.AwaitJumpClientsInput>(async ({ input, signal }) => {
      const { ask } = await pairAppliance(deps, input.siteId, input.appliance);
      return pollJumpClients(deps, ask, input, signal);
    }),
  };

  function whoAnswers(answer: F.SiteServesAnswer): string {
    if (answer.answeredBy === 'none') return 'Nothing answers at the site address';
    if (answer.answeredBy === 'other') return `An appliance that is neither A nor B answers the site${answer.serial ? ` (${answer.serial})` : ''}`;
    return `Appliance ${answer.answeredBy} answers the site${answer.version ? ` (version ${answer.version})` : ''}`;
  }
}

