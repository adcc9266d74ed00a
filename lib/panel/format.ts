import type { FieldValue } from '../handoff/packet';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A span for a countdown: days and hours when long, hours and minutes below two days, seconds below an hour. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 2 * day) return `${Math.floor(abs / day)} d ${Math.floor((abs % day) / hour)} h`;
  if (abs >= hour) return `${Math.floor(abs / hour)} h ${Math.floor((abs % hour) / minute)} min`;
  return `${Math.floor(abs / minute)} min ${Math.floor((abs % minute) / 1000)} s`;
}

export function formatValue(value: FieldValue['value']): string {
  if (value === null) return '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** An instant in the reader's locale and time zone, naming the zone: "Dec 8, 2026, 5:00 PM CET". */
export function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}
