const HOUR = 3_600_000;

/** A duration for people: hours under two days, else days; working time is counted in hours only. */
export function formatDuration(ms: number | null, working = false): string {
  if (ms === null) return '–';
  const hours = ms / HOUR;
  if (working) return `${hours.toFixed(1)} working h`;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)} %`;
}

export function formatCount(matching: number, count: number): string {
  return `${matching} of ${count}`;
}

/** `YYYY-MM-DD` of a date in UTC, for date inputs. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The first day of the month six months back, to tomorrow: the default window. */
export function defaultWindow(now: Date): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
  const to = new Date(now.getTime() + 24 * HOUR);
  return { from: dayOf(from), to: dayOf(to) };
}
