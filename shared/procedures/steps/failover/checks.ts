/**
 * R11, the tests before B takes over: the hosts-file line that points the site hostname at B on a
 * test machine, where that file lives on each system, and the checklist the operator ticks.
 * Facts come from the vendor's upgrade guide; the wording is our own.
 */
import type { ChecklistItem } from '../checklist';

export const HOSTS_CHECKS: readonly ChecklistItem[] = [
  { id: 'machine-1', label: 'First test computer: the hosts-file line is in place and the site opens from appliance B' },
  { id: 'machine-2', label: 'Second test computer: the same, on another computer' },
  { id: 'console-build', label: 'The representative console on a test computer shows the new build under Help > About' },
  { id: 'session', label: 'One support session to a remote computer ran through appliance B' },
];

export const HOSTS_FILES = [
  { system: 'Windows', path: 'C:\\Windows\\System32\\drivers\\etc\\hosts' },
  { system: 'macOS', path: '/etc/hosts' },
  { system: 'Linux', path: '/etc/hosts' },
] as const;

/** The one line each test computer's hosts file gets: B's own address, then the site hostname. */
export function hostsLine(bIp: string, siteHostname: string): string {
  return `${bIp} ${siteHostname}`;
}
