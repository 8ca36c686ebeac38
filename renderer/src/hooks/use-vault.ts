import { useCallback, useEffect, useMemo, useState } from 'react';
import { asAppError, call, subscribe } from '../api';
import type { VaultEntry } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { useRemote, type Remote } from './use-remote';

/** What the operator last learned by pressing Verify on one vault entry. */
export type VerifyResult =
  | { phase: 'verifying' }
  | { phase: 'checked'; entry: VaultEntry }
  /** Main could not even read the file or its index; not the same as "missing" or "corrupt". */
  | { phase: 'error'; error: AppErrorShape };

export interface Vault {
  remote: Remote<VaultEntry[]>;
  /** The list as last read, with each entry replaced by a newer verification answer if there is one. */
  entries: VaultEntry[] | undefined;
  results: Record<string, VerifyResult>;
  verify: (id: string) => Promise<void>;
}

/**
 * The vault's files. Procedures add backups while they run, so every procedure update
 * re-reads the list.
 */
export function useVault(): Vault {
  const remote = useRemote(() => call('vault.list', {}), []);
  const { reload } = remote;
  const [results, setResults] = useState<Record<string, VerifyResult>>({});

  useEffect(() => subscribe('procedures.updated', () => void reload()), [reload]);

  const verify = useCallback(
    async (id: string) => {
      setResults((previous) => ({ ...previous, [id]: { phase: 'verifying' } }));
      try {
        const entry = await call('vault.verify', { id });
        setResults((previous) => ({ ...previous, [id]: { phase: 'checked', entry } }));
      } catch (e) {
        setResults((previous) => ({ ...previous, [id]: { phase: 'error', error: asAppError(e) } }));
      }
      // Main persisted the new state; re-read so every row comes from one list again.
      await reload();
    },
    [reload],
  );

  // A list read that started before the verification finished would show the old state next
  // to a fresh proof; the answer with the later verification time wins.
  const entries = useMemo(
    () =>
      remote.data?.map((entry) => {
        const result = results[entry.id];
        if (result?.phase !== 'checked') return entry;
        return (result.entry.lastVerifiedAt ?? '') > (entry.lastVerifiedAt ?? '') ? result.entry : entry;
      }),
    [remote.data, results],
  );

  return { remote, entries, results, verify };
}
