/**
 * Faults a test or trainer can inject into one appliance, or into the update server, through
 * POST /lab/faults. Each is validated here so a typo in a test fails loudly instead of
 * silently injecting nothing.
 */
import { CERTIFICATE_FLAWS, isCertificateFlaw, type CertificateFlaw } from './pki-fixtures';
import type { Permissions } from './scenarios';

export interface Faults {
  'base-install-failure'?: boolean;
  /** Seconds added to the appliance clock. */
  'clock-skew'?: number;
  /** Overrides merged over the account's permissions. */
  permission?: Partial<Permissions>;
  /** expires_in of tokens issued from now on, in seconds. */
  'token-lifetime'?: number;
  'html-error'?: boolean;
  'malformed-xml'?: boolean;
  'stop-answering'?: boolean;
  'rotate-certificate'?: boolean;
  /** HTTP status every /api call answers with. */
  'http-status'?: number;
  /** The next transfer (download from the update server, upload to an appliance) is cut after this many body bytes. */
  'drop-at-byte'?: number;
  /** Transfers (downloads, uploads) run at this many bytes per second. */
  'slow-link'?: number;
  /** Largest upload an appliance accepts, in bytes; larger ones answer 413. */
  'upload-limit'?: number;
  /** The assigned certificate re-issued with this flaw (mismatched-key: only exports carry another key). */
  certificate?: CertificateFlaw;
  /** Restore Settings refuses every backup (422 #restore-error). */
  'restore-refused'?: boolean;
  /** The forced change of the factory password is refused (#password-error). */
  'password-change-refused'?: boolean;
  /** Every data sync of this appliance's failover pair ends `failed`. */
  'sync-failure'?: boolean;
  /** The appliance presents a leaf of its own instead of the pair's shared one (set it on B). */
  'b-certificate'?: boolean;
}

export type FaultName = keyof Faults;

const BOOLEAN_FAULTS = [
  'base-install-failure',
  'html-error',
  'malformed-xml',
  'stop-answering',
  'rotate-certificate',
  'restore-refused',
  'password-change-refused',
  'sync-failure',
  'b-certificate',
] as const;

/** The update server only has a network link to break. */
const UPDATE_SERVER_FAULTS: readonly FaultName[] = ['drop-at-byte', 'slow-link'];

export class FaultError extends Error {}

/** Returns the faults with `name` set to `value`, or throws FaultError explaining what is wrong. */
export function withFault(current: Faults, name: unknown, value: unknown): Faults {
  const next: Faults = { ...current };
  if ((BOOLEAN_FAULTS as readonly unknown[]).includes(name)) {
    if (typeof value !== 'boolean') throw new FaultError(`Fault ${String(name)} takes true or false.`);
    next[name as (typeof BOOLEAN_FAULTS)[number]] = value;
    return next;
  }
  switch (name) {
    case 'clock-skew':
      next['clock-skew'] = finiteNumber(name, value);
      return next;
    case 'token-lifetime': {
      const seconds = finiteNumber(name, value);
      if (seconds <= 0) throw new FaultError('Fault token-lifetime takes a positive number of seconds.');
      next['token-lifetime'] = seconds;
      return next;
    }
    case 'http-status': {
      const status = finiteNumber(name, value);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new FaultError('Fault http-status takes an HTTP status code between 200 and 599.');
      }
      next['http-status'] = status;
      return next;
    }
    case 'drop-at-byte':
      next['drop-at-byte'] = wholeNumber(name, value, 0);
      return next;
    case 'slow-link': {
      const bytesPerSecond = finiteNumber(name, value);
      if (bytesPerSecond <= 0) throw new FaultError('Fault slow-link takes a positive number of bytes per second.');
      next['slow-link'] = bytesPerSecond;
      return next;
    }
    case 'upload-limit':
      next['upload-limit'] = wholeNumber(name, value, 1);
      return next;
    case 'certificate':
      if (!isCertificateFlaw(value)) throw new FaultError(`Fault certificate takes one of ${CERTIFICATE_FLAWS.join(', ')}.`);
      next.certificate = value;
      return next;
    case 'permission':
      next.permission = { ...current.permission, ...permissionOverrides(value) };
      return next;
    default:
      throw new FaultError(`Unknown fault ${JSON.stringify(name)}.`);
  }
}

/** Like withFault, for the update server, which accepts only the link faults. */
export function withUpdateServerFault(current: Faults, name: unknown, value: unknown): Faults {
  if (!(UPDATE_SERVER_FAULTS as readonly unknown[]).includes(name)) {
    throw new FaultError(
      `Fault ${JSON.stringify(name)} does not apply to the update server; it takes ${UPDATE_SERVER_FAULTS.join(', ')}.`,
    );
  }
  return withFault(current, name, value);
}

/** The faults without `name`: for one-shot faults once they have fired. */
export function withoutFault(current: Faults, name: FaultName): Faults {
  const next: Faults = { ...current };
  delete next[name];
  return next;
}

function wholeNumber(name: string, value: unknown, minimum: number): number {
  const number = finiteNumber(name, value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new FaultError(`Fault ${name} takes a whole number of bytes, at least ${minimum}.`);
  }
  return number;
}

function finiteNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FaultError(`Fault ${name} takes a number.`);
  return value;
}

function permissionOverrides(value: unknown): Partial<Permissions> {
  if (typeof value !== 'object' || value === null) {
    throw new FaultError('Fault permission takes an object such as {"perm_backup":"0"}.');
  }
  const overrides: Partial<Permissions> = {};
  for (const [key, raw] of Object.entries(value)) {
    const text = String(raw);
    if (key === 'perm_backup' && (text === '0' || text === '1')) overrides.perm_backup = text;
    else if (key === 'perm_command' && (text === 'full' || text === 'read_only' || text === 'deny')) {
      overrides.perm_command = text;
    } else throw new FaultError(`Permission ${key}=${text} is not one the lab knows.`);
  }
  return overrides;
}
