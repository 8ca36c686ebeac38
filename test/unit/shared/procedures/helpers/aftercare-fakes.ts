/**
 * What the graph walks of every procedure that places client aftercare (P6) try there: the values
 * the operator types, and the outcomes of reading, saving and watching the Jump Clients.
 */
import type { EventObject } from 'xstate';
import { AppError } from '../../../../../shared/errors';
import { AFTERCARE_CHECKS, recordOf, type AftercareContext } from '../../../../../shared/procedures/steps/aftercare-and-report/record';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { actorDone, actorFailed } from './model-events';

export const AFTERCARE_ACTORS = ['readJumpClients', 'setJumpClientLimit', 'watchJumpClients'] as const;

const READ_AT = '2025-06-01T20:06:00.000Z';
/** Right after the site package: the limit is 20, half the clients upgrading, the rest pending. */
export const JUMP_READING = { total: 40, online: 0, upgrading: 20, pending: 20, limit: 20, readAt: READ_AT };
export const ALL_BACK = { total: 40, online: 40, upgrading: 0, pending: 0, readAt: '2025-06-01T20:20:00.000Z', allOnline: true };
export const ALL_AFTERCARE_TICKED = AFTERCARE_CHECKS.map((item) => item.id).join(',');

/**
 * The values a walk types into each aftercare event: a bandwidth, a download size, a new limit and
 * the current one (nothing to put back then), every point ticked; and one that is refused.
 */
export const AFTERCARE_VALUES: Readonly<Record<string, readonly string[]>> = {
  PROPOSE: ['100', 'fast'],
  ASSUME_SIZE: ['80'],
  SET_LIMIT: ['30', '20', '0'],
  TICKED: [ALL_AFTERCARE_TICKED, 'console-msi'],
};

export const aftercareErrors = {
  unreachable: new AppError('UNREACHABLE', 'The appliance did not answer.', 'Check the network and try again.'),
  refused: new AppError('JUMP_CLIENT_LIMIT_REFUSED', 'The appliance refused 30.', 'Give a value the page takes.'),
};

/** The outcomes of the aftercare actor running in this state; none elsewhere. */
export function aftercareOutcomes(statePath: string, context: AftercareContext): EventObject[] {
  const record = recordOf(context);
  switch (statePath) {
    case 'aftercare.reading':
      return [actorDone('readJumpClients', JUMP_READING), actorFailed('readJumpClients', aftercareErrors.unreachable)];
    case 'aftercare.setting':
      return [actorDone('setJumpClientLimit', { ...JUMP_READING, limit: record.chosenLimit, readAt: '2025-06-01T20:07:00.000Z' }), actorFailed('setJumpClientLimit', aftercareErrors.refused)];
    case 'aftercare-watch.watching':
      return [actorDone('watchJumpClients', ALL_BACK), actorFailed('watchJumpClients', aftercareErrors.unreachable)];
    case 'aftercare-restore.restoring':
      return [actorDone('setJumpClientLimit', { ...ALL_BACK, limit: record.reading?.limit, readAt: '2025-06-01T20:21:00.000Z' }), actorFailed('setJumpClientLimit', aftercareErrors.unreachable)];
    default:
      return [];
  }
}

type WalkEvent = EventObject & { value?: string; note?: string };

/**
 * A whole procedure's walk goes straight through aftercare — read, propose from 100 Mbit/s, save
 * 30, watch, restore, tick — so its graph stays the size it was; every path of the phase itself
 * is walked on its own (steps/aftercare.test.ts).
 */
export function straightThroughAftercare(snapshot: { value: unknown; context: unknown }, event: WalkEvent): boolean {
  const path = activeStatePath(snapshot.value).join('.');
  if (!path.startsWith('aftercare')) return true;
  if (event.note !== undefined) return false;
  const proposed = recordOf(snapshot.context as AftercareContext).bandwidthMbps !== undefined;
  switch (path) {
    case 'aftercare.choose':
      return proposed ? event.type === 'SET_LIMIT' && event.value === '30' : event.type === 'PROPOSE' && event.value === '100';
    case 'aftercare.confirm':
      return event.type === 'CONFIRM';
    case 'aftercare-restore.offer':
      return event.type === 'RESTORE';
    case 'aftercare-checklist':
      return event.type === 'TICKED' && event.value === ALL_AFTERCARE_TICKED;
    default:
      return event.type.startsWith('xstate.done.actor.');
  }
}

/** The states a straight walk through aftercare reaches. */
export const STRAIGHT_AFTERCARE_STATES = [
  'aftercare.reading',
  'aftercare.choose',
  'aftercare.confirm',
  'aftercare.setting',
  'aftercare-watch.watching',
  'aftercare-restore.offer',
  'aftercare-restore.restoring',
  'aftercare-checklist',
];

/** The straight walk through aftercare as events: read, propose from 100 Mbit/s, save 30, all back, restore 20, tick. */
export function straightAftercareEvents(at: string): EventObject[] {
  return [
    actorDone('readJumpClients', JUMP_READING),
    { type: 'PROPOSE', at, value: '100' },
    { type: 'SET_LIMIT', at, value: '30' },
    { type: 'CONFIRM', at },
    actorDone('setJumpClientLimit', { ...JUMP_READING, limit: 30, readAt: '2025-06-01T20:07:00.000Z' }),
    actorDone('watchJumpClients', ALL_BACK),
    { type: 'RESTORE', at },
    actorDone('setJumpClientLimit', { ...ALL_BACK, limit: 20, readAt: '2025-06-01T20:21:00.000Z' }),
    { type: 'TICKED', at, value: ALL_AFTERCARE_TICKED },
  ] as EventObject[];
}

/** What the journal holds of that walk, as step:event:outcome. */
export const STRAIGHT_AFTERCARE_JOURNAL = [
  'aftercare:JUMP_CLIENTS_READ:ok',
  'aftercare:PROPOSE:ok',
  'aftercare:CONFIRM:ok',
  'aftercare:LIMIT_SET:ok',
  'aftercare-watch:JUMP_CLIENTS_ONLINE:ok',
  'aftercare-restore:LIMIT_RESTORED:ok',
  ...AFTERCARE_CHECKS.map(() => 'aftercare-checklist:TICKED:ok'),
];
