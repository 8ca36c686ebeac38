/**
 * What the P1 and P2 graph models share: invoke ids equal actor names, so done/error events
 * name the actor; the script the fake actors play back from a path's events; telling a state
 * apart by the event that reached it; and the outcomes of the steps both procedures end with.
 */
import type { EventObject } from 'xstate';
import type { AftercareContext } from '../../../../../shared/procedures/steps/aftercare-and-report/record';
import { aftercareOutcomes } from './aftercare-fakes';
import {
  ADMIN_REFUSED,
  API_REFUSED,
  BETWEEN_BACKUP_AT,
  BACKUP_AT,
  CREDENTIALS_OK,
  DIAGNOSTICS,
  EXPIRED_EXPORT,
  GOOD_EXPORT,
  GOOD_FILE,
  backup,
  certificateErrors,
  errors,
} from './single-automatic-fakes';

/** The done event of the invoked actor with this name. */
export const actorDone = (actor: string, output: unknown) => ({ type: `xstate.done.actor.${actor}`, output });
/** The error event of the invoked actor with this name. */
export const actorFailed = (actor: string, error: unknown) => ({ type: `xstate.error.actor.${actor}`, error });

/** Turns a path's actor done/error events into the script the fake actors play back. */
export function scriptOf<TName extends string>(events: readonly EventObject[]): { actor: TName; output?: unknown; error?: unknown }[] {
  return events.flatMap((event) => {
    const match = /^xstate\.(done|error)\.actor\.(\w+)$/.exec(event.type);
    if (!match) return [];
    const actor = match[2] as TName;
    const payload = event as EventObject & { output?: unknown; error?: unknown };
    return [match[1] === 'done' ? { actor, output: payload.output } : { actor, error: payload.error }];
  });
}

export function isActorEvent(event: EventObject): boolean {
  return event.type.startsWith('xstate.');
}

/** A state told apart by the event that reached it, so "failed → RETRY → running" is a path of its own. */
export function serializeWithArrival(snapshot: { value: unknown; context: unknown }, event: EventObject | undefined): string {
  return JSON.stringify({ value: snapshot.value, context: snapshot.context, via: event?.type });
}

/**
 * The outcomes of the steps both procedures share (the sign-in check before the window, the
 * backup between Base and Site, diagnostics, client aftercare, releasing holds), by active state path; none for
 * any other state.
 */
export function sharedInstallOutcomes(statePath: string, context: AftercareContext = {}): EventObject[] {
  if (statePath.startsWith('aftercare')) return aftercareOutcomes(statePath, context);
  switch (statePath) {
    case 'check-credentials.checking':
      return [
        actorDone('checkCredentials', CREDENTIALS_OK),
        actorDone('checkCredentials', ADMIN_REFUSED),
        actorDone('checkCredentials', API_REFUSED),
        actorFailed('checkCredentials', errors.unreachable),
      ];
    case 'install.backup-between':
      return [
        actorDone('takeBackup', backup('between-base-and-site', BETWEEN_BACKUP_AT)),
        // Taken before the Base install finished: R1/R4 must reject it.
        actorDone('takeBackup', backup('between-base-and-site', BACKUP_AT)),
        actorFailed('takeBackup', errors.unreachable),
      ];
    case 'install.capturing-diagnostics':
      return [actorDone('captureDiagnostics', DIAGNOSTICS), actorFailed('captureDiagnostics', errors.diagnostics)];
    case 'report.releasing':
      return [actorDone('releaseHolds', undefined), actorFailed('releaseHolds', errors.unreachable)];
    default:
      return [];
  }
}

/**
 * What the export actor may report, by the source chosen: a good file, an expired export (the
 * operator's own file is explored with the good outcome only, so the graph stays small), a wrong
 * passphrase, and the passphrase no longer held after a restart.
 */
export function certificateOutcomes(context: { certificateSource?: { kind: string } | null }): EventObject[] {
  const fromFile = context.certificateSource?.kind === 'file';
  return [
    actorDone('exportCertificate', fromFile ? GOOD_FILE : GOOD_EXPORT),
    ...(fromFile ? [] : [actorDone('exportCertificate', EXPIRED_EXPORT)]),
    actorFailed('exportCertificate', certificateErrors.passphraseWrong),
    actorFailed('exportCertificate', certificateErrors.passphraseNeeded),
  ];
}
