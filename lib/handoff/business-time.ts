import { tzOffset } from '@date-fns/tz';
import type { Calendar } from './calendar';
import type { Duration } from './playbook';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/*
 * How the arithmetic works. Between two changes of a time zone's UTC offset, wall-clock time runs in step with
 * real time, so there working time is a matter of days and weeks: no time zone lookups at all. We write a
 * wall-clock reading as "local ms" (the reading taken as if it were UTC) and number local days from
 * 1970-01-01. `workedBefore` is then a closed formula of local ms (whole weeks, minus holidays, plus the part of
 * the day), and its inverse a binary search over days. A span of real time is cut at the offset changes and each
 * piece is read with its own offset, which makes the hour repeated in autumn count twice and the hour skipped in
 * spring not at all, whatever the working hours are.
 */

/** A calendar prepared for arithmetic; day numbers count local days from 1970-01-01, a Thursday. */
interface WorkingTime {
  timeZone: string;
  /** When working hours begin, in ms after local midnight. */
  dayStartMs: number;
  /** The length of working hours on the wall clock. */
  dayMs: number;
  daysPerWeek: number;
  /** By day number modulo 7: whether that weekday is a working day. */
  isWorkingWeekday: boolean[];
  /** By r in 0..7: how many of the first r days of a week that begins on a day numbered 0 modulo 7 are worked. */
  workingWeekdaysAmongFirst: number[];
  /** Day numbers of the holidays that fall on working weekdays, ascending. */
  holidays: number[];
}

const preparedCalendars = new WeakMap<Calendar, WorkingTime>();

function prepare(calendar: Calendar): WorkingTime {
  const cached = preparedCalendars.get(calendar);
  if (cached) return cached;
  const isWorkingWeekday = Array.from({ length: 7 }, (_, position) =>
    calendar.workingDays.includes(((position + 3) % 7) + 1),
  );
  const workingWeekdaysAmongFirst = [0];
  for (const [position, working] of isWorkingWeekday.entries()) {
    workingWeekdaysAmongFirst.push((workingWeekdaysAmongFirst[position] ?? 0) + (working ? 1 : 0));
  }
  const dayStartMs = wallClockMs(calendar.workingHours.start);
  const holidays = [...new Set(calendar.holidays.map(dayNumberOf))]
    .filter((day) => isWorkingWeekday[modulo7(day)])
    .sort((a, b) => a - b);
  const prepared: WorkingTime = {
    timeZone: calendar.timeZone,
    dayStartMs,
    dayMs: wallClockMs(calendar.workingHours.end) - dayStartMs,
    daysPerWeek: isWorkingWeekday.filter(Boolean).length,
    isWorkingWeekday,
    workingWeekdaysAmongFirst,
    holidays,
  };
  preparedCalendars.set(calendar, prepared);
  return prepared;
}

function wallClockMs(time: string): number {
  return Number(time.slice(0, 2)) * HOUR + Number(time.slice(3, 5)) * MINUTE;
}

function dayNumberOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
}

function modulo7(day: number): number {
  return ((day % 7) + 7) % 7;
}

/** How many of the sorted numbers are below `limit`. */
function countBelow(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] ?? limit) < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

function isHoliday(time: WorkingTime, day: number): boolean {
  return time.holidays[countBelow(time.holidays, day)] === day;
}

/** Working days before `day`, counted from day 0 (negative before it); only differences mean anything. */
function workingDaysBefore(time: WorkingTime, day: number): number {
  const weeks = Math.floor(day / 7);
  const weekdays = weeks * time.daysPerWeek + (time.workingWeekdaysAmongFirst[day - weeks * 7] ?? 0);
  return weekdays - countBelow(time.holidays, day);
}

/** Working ms on the local wall clock before `localMs`, counted like `workingDaysBefore`. */
function workedBefore(time: WorkingTime, localMs: number): number {
  const day = Math.floor(localMs / DAY);
  const wholeDays = workingDaysBefore(time, day) * time.dayMs;
  if (!time.isWorkingWeekday[modulo7(day)] || isHoliday(time, day)) return wholeDays;
  return wholeDays + Math.min(Math.max(localMs - day * DAY - time.dayStartMs, 0), time.dayMs);
}

/** The working day with `index` working days before it. */
function workingDayWithIndex(time: WorkingTime, index: number): number {
  // Holidays take away at most all of them, so the day lies within these whole weeks.
  let low = 7 * (Math.floor(index / time.daysPerWeek) - 1);
  let high = 7 * (Math.ceil((index + 1 + time.holidays.length) / time.daysPerWeek) + 1);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (workingDaysBefore(time, middle + 1) > index) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The earliest local ms at which `workedBefore` reaches `worked`. */
function earliestLocalMsWorked(time: WorkingTime, worked: number): number {
  const index = Math.ceil(worked / time.dayMs) - 1;
  return workingDayWithIndex(time, index) * DAY + time.dayStartMs + worked - index * time.dayMs;
}

/** Real time over which a time zone keeps one UTC offset. */
interface OffsetSpan {
  offsetMs: number;
  from: number;
  to: number;
}

interface OffsetYear {
  to: number;
  /** The offset from the start of the year on, then each change of it. */
  changes: { at: number; offsetMs: number }[];
}

const offsetYears = new Map<string, OffsetYear>();

/**
 * The UTC offset comes from @date-fns/tz: it keeps one Intl formatter per zone and reads its "GMT+05:30"-style
 * offset, including the seconds of old local mean times and runtimes whose Intl lacks `longOffset`. Its TZDate
 * is not used: the arithmetic needs both passes of a repeated hour, which wall-clock setters cannot express.
 */
function offsetAt(timeZone: string, instant: number): number {
  return Math.round(tzOffset(timeZone, new Date(instant)) * MINUTE);
}

/**
 * Finds the offset changes of one UTC year by probing weekly, then bisecting to the second (the time zone
 * database keeps changes in whole seconds). Two changes that undo each other within a week would go unseen;
 * no time zone in use changes that often (Morocco's Ramadan break, about a month, comes closest).
 */
function offsetYear(timeZone: string, year: number): OffsetYear {
  const key = `${timeZone} ${year}`;
  const cached = offsetYears.get(key);
  if (cached) return cached;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  let known = from;
  let knownOffset = offsetAt(timeZone, from);
  const changes = [{ at: from, offsetMs: knownOffset }];
  for (let probe = from + WEEK; known < to; probe = Math.min(probe + WEEK, to)) {
    const probeOffset = offsetAt(timeZone, probe);
    while (probeOffset !== knownOffset) {
      let changed = probe;
      while (changed - known > SECOND) {
        const middle = known + Math.floor((changed - known) / 2 / SECOND) * SECOND;
        if (offsetAt(timeZone, middle) === knownOffset) known = middle;
        else changed = middle;
      }
      known = changed;
      knownOffset = offsetAt(timeZone, changed);
      changes.push({ at: changed, offsetMs: knownOffset });
    }
    known = probe;
  }
  const offsets = { to, changes };
  offsetYears.set(key, offsets);
  return offsets;
}

function offsetSpanAt(timeZone: string, instant: number): OffsetSpan {
  const year = offsetYear(timeZone, new Date(instant).getUTCFullYear());
  const span = { offsetMs: 0, from: instant, to: year.to };
  for (const change of year.changes) {
    if (change.at > instant) {
      span.to = change.at;
      break;
    }
    span.offsetMs = change.offsetMs;
    span.from = change.at;
  }
  return span;
}

/** Refuses what would otherwise loop for ever: an invalid date, or an amount that is negative or not finite. */
function assertArguments(instant: Date, ms: number): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('expected a valid date');
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`expected a finite, non-negative duration, got ${ms}`);
  }
}

/**
 * The earliest instant by which `ms` of working time have passed since `start`; counting begins at the next
 * working moment when `start` lies outside working time, and a deadline that uses up a working day falls at
 * that day's close rather than at the next opening.
 */
export function addBusinessTime(start: Date, ms: number, calendar: Calendar): Date {
  assertArguments(start, ms);
  if (ms === 0) return new Date(start);
  const time = prepare(calendar);
  let remaining = ms;
  for (let from = start.getTime(); ; ) {
    const span = offsetSpanAt(time.timeZone, from);
    const workedAtFrom = workedBefore(time, from + span.offsetMs);
    const available = workedBefore(time, span.to + span.offsetMs) - workedAtFrom;
    if (available >= remaining) {
      return new Date(earliestLocalMsWorked(time, workedAtFrom + remaining) - span.offsetMs);
    }
    remaining -= available;
    from = span.to;
  }
}

/**
 * The earliest instant from which `ms` of working time pass until `end`: when a threshold `ms` before a
 * deadline was reached. With `ms` zero that is the close of the last working time before `end`, or `end` itself
 * inside working time.
 */
export function subtractBusinessTime(end: Date, ms: number, calendar: Calendar): Date {
  assertArguments(end, ms);
  const time = prepare(calendar);
  let remaining = ms;
  for (let to = end.getTime(); ; ) {
    const span = offsetSpanAt(time.timeZone, to - 1);
    const workedAtTo = workedBefore(time, to + span.offsetMs);
    const available = workedAtTo - workedBefore(time, span.from + span.offsetMs);
    // Strictly more, so that an exact fit keeps looking back for where the preceding idle time began.
    if (available > remaining) {
      return new Date(earliestLocalMsWorked(time, workedAtTo - remaining) - span.offsetMs);
    }
    remaining -= available;
    to = span.from;
  }
}

/** Working time in [a, b), in ms; zero when b is not after a. */
export function businessTimeBetween(a: Date, b: Date, calendar: Calendar): number {
  const time = prepare(calendar);
  const end = b.getTime();
  let total = 0;
  for (let from = a.getTime(); from < end; ) {
    const span = offsetSpanAt(time.timeZone, from);
    const to = Math.min(span.to, end);
    total += workedBefore(time, to + span.offsetMs) - workedBefore(time, from + span.offsetMs);
    from = to;
  }
  return total;
}

/**
 * A policy duration in ms, and whether it counts working time. A business day is one working day of the
 * calendar on the wall clock; calendar units are plain elapsed time.
 */
export function durationMs(duration: Duration, calendar: Calendar): { ms: number; business: boolean } {
  switch (duration.unit) {
    case 'business_days':
      return { ms: Math.round(duration.amount * prepare(calendar).dayMs), business: true };
    case 'business_hours':
      return { ms: Math.round(duration.amount * HOUR), business: true };
    case 'calendar_hours':
      return { ms: Math.round(duration.amount * HOUR), business: false };
    case 'calendar_days':
      return { ms: Math.round(duration.amount * DAY), business: false };
  }
}
