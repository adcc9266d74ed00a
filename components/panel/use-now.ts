import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `intervalMs` while mounted (re-rendering the caller); frozen when null. */
export function useNow(intervalMs: number | null): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (intervalMs === null) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
