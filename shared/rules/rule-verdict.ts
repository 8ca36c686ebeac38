/**
 * What every rule answers: whether it holds, and why, in a sentence a technician can read
 * on site and that the journal can keep as it is.
 */
export interface RuleVerdict {
  holds: boolean;
  reason: string;
}

export function holds(reason: string): RuleVerdict {
  return { holds: true, reason };
}

export function fails(reason: string): RuleVerdict {
  return { holds: false, reason };
}
