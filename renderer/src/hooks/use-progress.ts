import { useEffect, useState } from 'react';
import { subscribe } from '../api';
import type { Progress } from '../../../shared/domain';

/** The latest progress report per step of one procedure. */
export function useProgress(procedureId: string): Record<string, Progress> {
  const [byStep, setByStep] = useState<Record<string, Progress>>({});
  useEffect(() => {
    setByStep({});
    return subscribe('progress', (progress) => {
      if (progress.procedureId !== procedureId) return;
      setByStep((previous) => ({ ...previous, [progress.stepId]: progress }));
    });
  }, [procedureId]);
  return byStep;
}
