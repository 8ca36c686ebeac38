/**
 * What the site front door follows (PROTOCOL.md, "The site address follows the network"):
 * the shared IP (whichever appliance has it enabled: none = site down, two = an address
 * conflict where each connection lands on either), the DNS record, or the NAT rule of the
 * site's public address. Both records are LabDns records that take time to propagate.
 */
import type { Appliance } from './appliance-state';
import type { LabClock } from './lab-clock';
import { LabDns } from './lab-dns';
import { SHARED_IP, type NetworkMethod } from './scenarios';

export const NAT_PROPAGATION_S = 30;
export const NETWORK_METHODS: readonly NetworkMethod[] = ['shared-ip', 'dns', 'nat'];

export function isNetworkMethod(value: unknown): value is NetworkMethod {
  return typeof value === 'string' && (NETWORK_METHODS as readonly string[]).includes(value);
}

export class LabNetwork {
  readonly dns: LabDns;
  readonly nat: LabDns;

  constructor(
    public method: NetworkMethod,
    siteHostname: string,
    clock: LabClock,
    private readonly appliances: () => Iterable<Appliance>,
    /** Picks one of several appliances for a connection (random: the site flaps). */
    private readonly pick: (count: number) => number = (count) => Math.floor(Math.random() * count),
  ) {
    this.dns = new LabDns(siteHostname, 'A', clock);
    this.nat = new LabDns(`${siteHostname} (public address)`, 'A', clock, NAT_PROPAGATION_S);
  }

  /** Appliance ids with the shared IP enabled, in lab order. */
  sharedIpHolders(): string[] {
    return [...this.appliances()].filter((appliance) => appliance.failover.enabledSharedIps().includes(SHARED_IP)).map((a) => a.id);
  }

  /** The appliance a new connection to the site goes to now, or null when nothing holds the address. */
  route(): string | null {
    switch (this.method) {
      case 'dns':
        return this.dns.target;
      case 'nat':
        return this.nat.target;
      case 'shared-ip': {
        const holders = this.sharedIpHolders();
        return holders.length === 0 ? null : (holders[this.pick(holders.length)] ?? null);
      }
    }
  }

  snapshot() {
    const nat = this.nat.snapshot();
    return {
      method: this.method,
      sharedIp: SHARED_IP,
      sharedIpHolders: this.sharedIpHolders(),
      nat: { target: nat.target, pending: nat.pending },
      dns: this.dns.snapshot(),
    };
  }
}
