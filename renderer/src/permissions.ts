/**
 * What a missing appliance API permission stops the assistant from doing, in the operator's
 * words. Permissions the lab and the B Series API report: perm_backup, perm_command.
 */
const CONSEQUENCES: Record<string, string> = {
  perm_backup: 'backups impossible: the assistant cannot download a settings backup, so no upgrade can start (R1)',
  perm_command: 'the assistant cannot read the appliance status or check for updates',
};

export function permissionConsequence(name: string): string {
  return CONSEQUENCES[name] ?? 'steps that need it will stop and ask for it';
}

export function describePermission(name: string, value: string | undefined): string {
  return value === undefined ? `${name}: not granted` : `${name}: ${value}`;
}
