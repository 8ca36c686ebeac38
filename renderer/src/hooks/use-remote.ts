import { useCallback, useEffect, useRef, useState } from 'react';
import { asAppError } from '../api';
import type { AppErrorShape } from '../../../shared/errors';

export interface Remote<T> {
  data: T | undefined;
  error: AppErrorShape | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  set: (value: T) => void;
}

/**
 * Loads one value from main and keeps it, with the error shape on failure. Answers that
 * arrive after a newer request are dropped, so a slow reply never overwrites a fresh one.
 */
export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[]): Remote<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<AppErrorShape | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  // The caller names what the load depends on, like useEffect's dependency list.
  const stableLoad = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const value = await stableLoad();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (e) {
      if (mine !== generation.current) return;
      setError(asAppError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [stableLoad]);

  const set = useCallback((value: T) => {
    generation.current += 1;
    setData(value);
    setError(undefined);
    setLoading(false);
  }, []);

  useEffect(() => {
    setLoading(true);
    void reload();
  }, [reload]);

  return { data, error, loading, reload, set };
}
