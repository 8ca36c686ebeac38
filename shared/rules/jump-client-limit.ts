/**
 * P6: a value for "Maximum Number of Concurrent Jump Client Upgrades" from the number of Jump
 * Clients and the bandwidth the operator names. The guide gives no download size, so the size of
 * one client's upgrade is our assumption (the operator may give the real one); each upgrade should
 * finish its download within a few minutes on a share of the link, the rest being left to sessions.
 */
/** Our assumption of one Jump Client upgrade download, not a vendor figure. */
export const ASSUMED_CLIENT_DOWNLOAD_MIB = 40;
/** The part of the stated bandwidth client upgrades may use; the rest stays with sessions. */
export const CLIENT_UPGRADE_SHARE = 0.5;
/** The time one client's download should take at most, so it comes back soon. */
export const TARGET_DOWNLOAD_SECONDS = 300;
/** The range the appliance's field takes (the lab refuses anything outside it). */
export const JUMP_CLIENT_LIMIT_MIN = 1;
export const JUMP_CLIENT_LIMIT_MAX = 1000;

const MBIT_PER_MIB = (1024 * 1024 * 8) / 1_000_000;

export interface LimitProposalInput {
  clients: number;
  bandwidthMbps: number;
  /** The operator's figure for one upgrade download; our assumption when absent. */
  downloadMiB?: number | null;
}

export interface LimitProposal {
  clients: number;
  bandwidthMbps: number;
  downloadMiB: number;
  /** True when the download size is the operator's own, not our assumption. */
  downloadGiven: boolean;
  budgetMbps: number;
  perClientMbps: number;
  /** Clients the budget carries at once, before the range is applied. */
  fits: number;
  limit: number;
  /** Why the limit differs from `fits`: the clients there are, the field's range, or nothing. */
  clampedBy: 'clients' | 'minimum' | 'maximum' | null;
}

export function proposeJumpClientLimit({ clients, bandwidthMbps, downloadMiB }: LimitProposalInput): LimitProposal {
  const size = downloadMiB && downloadMiB > 0 ? downloadMiB : ASSUMED_CLIENT_DOWNLOAD_MIB;
  const budgetMbps = Math.max(0, bandwidthMbps) * CLIENT_UPGRADE_SHARE;
  const perClientMbps = (size * MBIT_PER_MIB) / TARGET_DOWNLOAD_SECONDS;
  const fits = Math.floor(budgetMbps / perClientMbps);
  const ceiling = Math.min(JUMP_CLIENT_LIMIT_MAX, Math.max(JUMP_CLIENT_LIMIT_MIN, Math.floor(clients)));
  let limit = fits;
  let clampedBy: LimitProposal['clampedBy'] = null;
  if (fits < JUMP_CLIENT_LIMIT_MIN) [limit, clampedBy] = [JUMP_CLIENT_LIMIT_MIN, 'minimum'];
  else if (fits > ceiling) [limit, clampedBy] = [ceiling, ceiling === JUMP_CLIENT_LIMIT_MAX ? 'maximum' : 'clients'];
  return { clients, bandwidthMbps, downloadMiB: size, downloadGiven: size === downloadMiB, budgetMbps, perClientMbps, fits, limit, clampedBy };
}

/** The arithmetic in words, for the step: each figure and where it comes from. */
export function explainProposal(p: LimitProposal): string {
  const round = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(2));
  const size = p.downloadGiven ? `${p.downloadMiB} MiB (your figure)` : `${p.downloadMiB} MiB (our assumption, not a vendor figure: give the real size if you know it)`;
  const clamp =
    p.clampedBy === 'clients'
      ? `, but there are only ${p.clients} Jump Clients, so ${p.limit}`
      : p.clampedBy === 'minimum'
        ? `, but the field takes at least ${JUMP_CLIENT_LIMIT_MIN}, so ${p.limit}`
        : p.clampedBy === 'maximum'
          ? `, but the field takes at most ${JUMP_CLIENT_LIMIT_MAX}, so ${p.limit}`
          : '';
  return (
    `${CLIENT_UPGRADE_SHARE * 100} % of ${p.bandwidthMbps} Mbit/s leaves ${round(p.budgetMbps)} Mbit/s for client upgrades. ` +
    `One upgrade downloads about ${size}; to finish within ${TARGET_DOWNLOAD_SECONDS / 60} minutes it needs ${round(p.perClientMbps)} Mbit/s. ` +
    `${round(p.budgetMbps)} ÷ ${round(p.perClientMbps)} gives ${p.fits} at once${clamp}.`
  );
}

/** A positive number the operator typed ("100", "2.5", "2,5"); null when it is not one. */
export function parsePositiveNumber(value: string | undefined, max: number): number | null {
  const text = (value ?? '').trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return n > 0 && n <= max ? n : null;
}

/** A value the appliance's field takes: a whole number from 1 to 1000. */
export function parseJumpClientLimit(value: string | undefined): number | null {
  const text = (value ?? '').trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= JUMP_CLIENT_LIMIT_MIN && n <= JUMP_CLIENT_LIMIT_MAX ? n : null;
}
