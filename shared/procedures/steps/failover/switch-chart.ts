/**
 * P4's way over to B: the tests before the switch (R11: hosts-file checklist, then the assistant
 * probes B as the site) and making B primary (R12) by the method chosen up front — the shared IP
 * switched by the assistant (or by the operator), a DNS or NAT swing by the operator — verified by
 * the site address answering with B, then the Integration Client reminder. State-config builders.
 */
import { actorInput, failWith, retryTo } from '../../machine-helpers';
import type { ProbeApplianceAsSiteOutput, SiteServesAnswer, SwitchSharedIpOutput } from './actors';
import { describeAnswer, journalOf, to, type Args, type DoneOf, type EventArgs } from './context';

const op = (step: string, event: string, detail: string | ((args: Args & EventArgs) => string)) => journalOf<Args & EventArgs>({ step, event, outcome: 'ok', who: 'operator' }, detail);
const auto = <T>(step: string, event: string, detail: (output: T) => string, outcome: 'ok' | 'blocked' = 'ok') =>
  journalOf<DoneOf<T>>({ step, event, outcome, who: 'assistant' }, (args) => detail(args.event.output));

/** R11: two test computers, the console build and one session (ticked), then the assistant's own probe of B. */
export function testBStep(machine: string, next: string) {
  const step = 'test-b';
  return {
    initial: 'checklist',
    states: {
      checklist: {
        on: {
          HOSTS_TESTED: {
            guard: 'hostsAllTicked',
            target: 'probing',
            actions: [{ type: 'recordHostsTest', params: ({ event }: EventArgs) => ({ at: event.at, value: event.value }) }, op(step, 'HOSTS_TESTED', ({ event }) => `Tested through the hosts file: ${event.value ?? ''}.`)],
          },
        },
      },
      probing: {
        invoke: {
          id: 'probeApplianceAsSite',
          src: 'probeApplianceAsSite',
          input: ({ context }: Args) => ({ ...actorInput(context, step), appliance: 'B' as const }),
          onDone: [
            {
              guard: { type: 'probeServesUpdate', params: ({ event }: DoneOf<ProbeApplianceAsSiteOutput>) => ({ result: event.output }) },
              target: to(machine, next),
              actions: [{ type: 'recordSiteProbe', params: ({ event }: DoneOf<ProbeApplianceAsSiteOutput>) => event.output }, auto<ProbeApplianceAsSiteOutput>(step, 'B_PROBED', (out) => `B answers as the site with version ${out.version} and the pair’s certificate.`)],
            },
            {
              target: 'mismatch',
              actions: [{ type: 'recordSiteProbe', params: ({ event }: DoneOf<ProbeApplianceAsSiteOutput>) => event.output }, auto<ProbeApplianceAsSiteOutput>(step, 'B_PROBE_MISMATCH', (out) => `B answers as the site with version ${out.version}, certificate ${out.fingerprint256}${out.coversSiteHostname ? '' : ' (not covering the site hostname)'}.`, 'blocked')],
            },
          ],
          onError: failWith('failed', step, 'PROBE_FAILED'),
        },
      },
      mismatch: { on: { RECHECK: 'probing' } },
      failed: { on: { RETRY: retryTo('probing', step) } },
    },
  } as const;
}

/** R12, entered only once R11 passed. */
export function makePrimaryStep(machine: string, next: string) {
  const step = 'make-primary';
  const operatorSwitched = {
    target: 'verifying',
    actions: [{ type: 'recordSwitchedByOperator', params: ({ event }: EventArgs) => ({ at: event.at }) }, op(step, 'SWITCHED', ({ event }) => `The operator made the change at ${event.at}.`)],
  } as const;
  return {
    initial: 'gate',
    states: {
      gate: { always: [{ guard: 'r11Passed', target: 'start' }, { target: to(machine, 'test-b') }] },
      start: { always: [{ guard: 'methodIsSharedIp', target: 'choose' }, { target: 'guide' }] },
      choose: { on: { SWITCH: 'switching', SWITCH_MYSELF: 'guide' } },
      switching: {
        invoke: {
          id: 'switchSharedIp',
          src: 'switchSharedIp',
          input: ({ context }: Args) => ({ ...actorInput(context, step), from: 'A' as const, to: 'B' as const }),
          onDone: {
            target: 'verifying',
            actions: [
              { type: 'recordSharedIpSwitch', params: ({ event }: DoneOf<SwitchSharedIpOutput>) => event.output },
              auto<SwitchSharedIpOutput>(step, 'SHARED_IP_SWITCHED', (out) =>
                out.alreadyDone ? `B already held the shared IP ${out.sharedIp} alone; nothing changed.` : `Shared IP ${out.sharedIp} disabled on A, enabled on B ${out.gapMs} ms later.`,
              ),
            ],
          },
          onError: failWith('failed', step, 'SWITCH_FAILED'),
        },
      },
      guide: { on: { SWITCHED: operatorSwitched } },
      verifying: {
        invoke: {
          id: 'waitForSiteServes',
          src: 'waitForSiteServes',
          input: ({ context }: Args) => ({ ...actorInput(context, step), expect: 'B' as const, deadline: context.siteWait?.deadline ?? '' }),
          onDone: [
            {
              guard: { type: 'servedBy', params: ({ event }: DoneOf<SiteServesAnswer>) => ({ answer: event.output, expect: 'B' as const }) },
              target: 'integration',
              actions: [{ type: 'recordSiteAnswer', params: ({ event }: DoneOf<SiteServesAnswer>) => event.output }, auto<SiteServesAnswer>(step, 'B_SERVES', describeAnswer)],
            },
            { target: 'late', actions: [{ type: 'recordSiteAnswer', params: ({ event }: DoneOf<SiteServesAnswer>) => event.output }, auto<SiteServesAnswer>(step, 'B_NOT_YET', describeAnswer, 'blocked')] },
          ],
          onError: failWith('failed', step, 'SITE_CHECK_FAILED'),
        },
      },
      late: { on: { WAIT_LONGER: { target: 'verifying', actions: [{ type: 'recordSiteWait', params: ({ event }: EventArgs) => ({ at: event.at }) }] } } },
      integration: {
        on: {
          CONFIRM: {
            target: to(machine, next),
            actions: [{ type: 'recordIntegrationChecked', params: ({ event }: EventArgs) => ({ at: event.at }) }, op(step, 'CONFIRM', 'Integration Clients configured by IP checked against B.')],
          },
        },
      },
      // A failed switch is not posted again blindly: the actor reads both IP Configurations first.
      failed: { on: { RETRY: retryTo('start', step), SWITCH_MYSELF: { target: 'guide', actions: [{ type: 'clearError' }] } } },
    },
  } as const;
}
