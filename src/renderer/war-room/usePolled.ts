/** Reads something from the desk now and every `everyMs` while mounted; failures are kept for display. */
import { useEffect, useState } from 'react';
import { describeError } from '@renderer/api/deskError';

export function usePolled<T>(read: () => Promise<T>, everyMs: number): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const run = () =>
      read().then(
        (d) => live && (setData(d), setError(null)),
        (err: unknown) => live && setError(describeError(err)),
      );
    void run();
    const timer = setInterval(run, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [read, everyMs]);
  return { data, error };
}
