import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  durationMs,
  subtractBusinessTime,
} from '../../lib/handoff/business-time';
import type { Calendar } from '../../lib/handoff/calendar';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function calendar(overrides: Partial<Calendar> = {}): Calendar {
  return {
    id: 'test',
    timeZone: 'Europe/Berlin',
    workingDays: [1, 2, 3, 4, 5],
    workingHours: { start: '09:00', end: '17:00' },
    holidays: [],
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);

/*
 * The reference: read every minute on the wall clock with Intl and ask whether it is working time. Slow and
 * obviously right, and shares nothing with the implementation under test.
 */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
const isoWeekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function isWorkingMinute(cal: Calendar, instant: number): boolean {
  let format = wallClockFormats.get(cal.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: cal.timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(cal.timeZone, format);
  }
  const match = /^(\w{3}), (\d{2})\/(\d{2})\/(\d{4}), (\d{2}:\d{2})$/.exec(format.format(instant));
  if (!match) throw new Error(`unexpected wall-clock format ${format.format(instant)}`);
  const [, weekday = '', month, day, year, time = ''] = match;
  return (
    cal.workingDays.includes(isoWeekdays[weekday] ?? 0) &&
    !cal.holidays.includes(`${year}-${month}-${day}`) &&
    time >= cal.workingHours.start &&
    time < cal.workingHours.end
  );
}

/** Which of the minutes starting at `start` are working time. */
function workingMinutes(cal: Calendar, start: number, minutes: number): boolean[] {
  return Array.from({ length: minutes }, (_, index) => isWorkingMinute(cal, start + index * MINUTE));
}

/** Instants near the 2026 offset changes of both hemispheres, a year boundary, and ordinary dates. */
const anchors = [
  '2026-03-29T01:00:00Z', // Berlin springs forward
  '2026-10-25T01:00:00Z', // Berlin falls back
  '2026-03-08T07:00:00Z', // New York springs forward
  '2026-11-01T06:00:00Z', // New York falls back
  '2026-04-04T16:00:00Z', // Sydney falls back on 5 April
  '2026-10-03T16:00:00Z', // Sydney springs forward on 4 October
  '2026-04-05T03:00:00Z', // Santiago falls back at midnight
  '2026-09-06T04:00:00Z', // Santiago springs forward at midnight
  '2026-12-31T20:00:00Z',
  '2026-06-15T12:00:00Z',
  '2026-01-14T09:30:00Z',
].map((iso) => Date.parse(iso));

const timeZones = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago',
  'Asia/Kolkata',
  'UTC',
];

const clockTime = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

const workingHours = fc.oneof(
  // Hours that span or touch the changes: 02:00-03:00 in Europe and the US, midnight in Santiago.
  fc.constantFrom(
    { start: '00:00', end: '23:59' },
    { start: '09:00', end: '17:00' },
    { start: '01:30', end: '03:30' },
    { start: '02:15', end: '02:45' },
    { start: '00:00', end: '00:45' },
    { start: '23:00', end: '23:59' },
  ),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 23 * 60 + 59 }), { minLength: 2, maxLength: 2 })
    .map(([a = 0, b = 1]) => ({ start: clockTime(Math.min(a, b)), end: clockTime(Math.max(a, b)) })),
);

/** A calendar and a stretch of minute-aligned time near one anchor, with holidays around it. */
const scenario = fc
  .record({
    timeZone: fc.constantFrom(...timeZones),
    anchor: fc.constantFrom(...anchors),
    workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    workingHours,
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -6, max: 9 }), { maxLength: 4 }),
    startOffsetMinutes: fc.integer({ min: -3 * 24 * 60, max: 24 * 60 }),
    minutes: fc.integer({ min: 0, max: 4 * 24 * 60 }),
  })
  .map(({ anchor, holidayOffsets, startOffsetMinutes, minutes, ...rest }) => {
    const cal = calendar({
      ...rest,
      holidays: holidayOffsets.map((days) => new Date(anchor + days * DAY).toISOString().slice(0, 10)),
    });
    const start = Math.floor(anchor / MINUTE) * MINUTE + startOffsetMinutes * MINUTE;
    return { cal, start, minutes };
  });

describe('business time against a minute-by-minute walk of the wall clock', () => {
  it('measures, adds and subtracts exactly like the walk', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ cal, start, minutes }, pickA, pickB) => {
        const flags = workingMinutes(cal, start, minutes);
        const end = start + minutes * MINUTE;
        const working = flags.flatMap((isWorking, index) => (isWorking ? [index] : []));
        expect(businessTimeBetween(new Date(start), new Date(end), cal)).toBe(working.length * MINUTE);

        // The k-th working minute ends when k minutes have been worked.
        expect(
          working.map((_, k) => addBusinessTime(new Date(start), (k + 1) * MINUTE, cal).getTime()),
        ).toEqual(working.map((index) => start + (index + 1) * MINUTE));
        // Counting back from the end, k minutes before it were reached where the (k+1)-th last one ended.
        const beforeEnd = [...working].reverse();
        expect(
          beforeEnd.map((_, k) => subtractBusinessTime(new Date(end), k * MINUTE, cal).getTime()),
        ).toEqual(beforeEnd.map((index) => start + (index + 1) * MINUTE));

        const [from, to] = [pickA % (minutes + 1), pickB % (minutes + 1)].sort((a, b) => a - b);
        const expected = flags.slice(from, to).filter(Boolean).length * MINUTE;
        const measured = businessTimeBetween(
          new Date(start + (from ?? 0) * MINUTE),
          new Date(start + (to ?? 0) * MINUTE),
          cal,
        );
        expect(measured).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips any millisecond amount through add and subtract', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: 0, max: 60 * DAY }),
        fc.integer({ min: 0, max: 40 * DAY }),
        ({ cal, start }, jitter, ms) => {
          const from = new Date(start + jitter);
          const reached = addBusinessTime(from, ms, cal);
          expect(businessTimeBetween(from, reached, cal)).toBe(ms);
          const back = subtractBusinessTime(reached, ms, cal);
          expect(businessTimeBetween(back, reached, cal)).toBe(ms);
          expect(back.getTime()).toBeLessThanOrEqual(from.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addBusinessTime', () => {
  const berlin = calendar({ holidays: ['2026-04-03', '2026-04-06'] });

  it('ends a deadline that uses up the working day at its close, not at the next opening', () => {
    expect(addBusinessTime(at('2026-03-23T08:00:00Z'), 8 * HOUR, berlin)).toEqual(at('2026-03-23T16:00:00Z'));
  });

  it('carries over nights and weekends', () => {
    // Friday 16:00 in Berlin, plus two working hours: Monday 10:00.
    expect(addBusinessTime(at('2026-03-20T15:00:00Z'), 2 * HOUR, berlin)).toEqual(at('2026-03-23T09:00:00Z'));
  });

  it('begins counting at the next working moment', () => {
    // Saturday night: the first hour is worked on Monday from 09:00.
    expect(addBusinessTime(at('2026-03-21T22:00:00Z'), HOUR, berlin)).toEqual(at('2026-03-23T09:00:00Z'));
  });

  it('skips holidays, here the Easter weekend', () => {
    // Thursday 16:00 CEST, two hours: one on Thursday, one on Tuesday after Good Friday and Easter Monday.
    expect(addBusinessTime(at('2026-04-02T14:00:00Z'), 2 * HOUR, berlin)).toEqual(at('2026-04-07T08:00:00Z'));
  });

  it('keeps working hours on the wall clock across the change to summer time', () => {
    // Friday 09:00 CET plus 16 working hours: Monday 17:00 CEST, which is 15:00 UTC.
    expect(addBusinessTime(at('2026-03-27T08:00:00Z'), 16 * HOUR, berlin)).toEqual(
      at('2026-03-30T15:00:00Z'),
    );
  });

  it('reaches a year of working days in whole weeks', () => {
    const utc = calendar({ timeZone: 'UTC' });
    // 52 weeks of five days from Monday 5 January 2026, 09:00: Friday 1 January 2027, 17:00.
    expect(addBusinessTime(at('2026-01-05T09:00:00Z'), 260 * 8 * HOUR, utc)).toEqual(
      at('2027-01-01T17:00:00Z'),
    );
  });

  it('computes a year-long target in microseconds, not by walking through it', () => {
    const start = at('2026-02-02T08:00:00Z');
    addBusinessTime(start, 260 * 8 * HOUR, berlin);
    const began = performance.now();
    for (let run = 0; run < 1000; run++) addBusinessTime(start, 260 * 8 * HOUR + run * MINUTE, berlin);
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it('refuses invalid dates and negative or non-finite amounts rather than looping', () => {
    expect(() => addBusinessTime(new Date(Number.NaN), HOUR, berlin)).toThrow(RangeError);
    expect(() => addBusinessTime(at('2026-03-23T08:00:00Z'), -1, berlin)).toThrow(RangeError);
    expect(() => addBusinessTime(at('2026-03-23T08:00:00Z'), Number.NaN, berlin)).toThrow(RangeError);
  });
});

describe('businessTimeBetween across offset changes', () => {
  const everyDay = (timeZone: string, start: string, end: string) =>
    calendar({ timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7], workingHours: { start, end } });
  const hours = (ms: number) => ms / HOUR;

  it('counts the local day of a change as it really lasts', () => {
    const berlin = everyDay('Europe/Berlin', '00:00', '23:59');
    // 29 March lasts 23 hours in Berlin, 25 October 25 hours; the calendar stops a minute before midnight.
    expect(businessTimeBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), berlin)).toBe(
      23 * HOUR - MINUTE,
    );
    expect(businessTimeBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), berlin)).toBe(
      25 * HOUR - MINUTE,
    );
  });

  it('skips wall-clock times that do not exist and counts repeated ones twice', () => {
    const newYork = everyDay('America/New_York', '01:30', '03:30');
    // 8 March: 02:00-03:00 does not exist, leaving 01:30-02:00 and 03:00-03:30.
    expect(hours(businessTimeBetween(at('2026-03-08T05:00:00Z'), at('2026-03-09T05:00:00Z'), newYork))).toBe(
      1,
    );
    // 1 November: 01:00-02:00 happens twice, so 01:30-03:30 lasts two and a half hours.
    expect(hours(businessTimeBetween(at('2026-11-01T04:00:00Z'), at('2026-11-02T05:00:00Z'), newYork))).toBe(
      2.5,
    );
  });

  it('does the same in the southern hemisphere', () => {
    const sydney = everyDay('Australia/Sydney', '02:00', '04:00');
    // 5 April: 02:00-03:00 happens twice. 4 October: 02:00-03:00 does not exist.
    expect(hours(businessTimeBetween(at('2026-04-04T13:00:00Z'), at('2026-04-05T13:00:00Z'), sydney))).toBe(
      3,
    );
    expect(hours(businessTimeBetween(at('2026-10-03T13:00:00Z'), at('2026-10-04T13:00:00Z'), sydney))).toBe(
      1,
    );

    // Santiago moves its clocks at midnight: 6 September begins at 01:00, and 4 April ends with 23:00 twice.
    const santiagoNights = everyDay('America/Santiago', '00:00', '02:00');
    expect(
      hours(businessTimeBetween(at('2026-09-06T04:00:00Z'), at('2026-09-07T03:00:00Z'), santiagoNights)),
    ).toBe(1);
    const santiagoEvenings = everyDay('America/Santiago', '23:00', '23:59');
    expect(
      businessTimeBetween(at('2026-04-05T01:00:00Z'), at('2026-04-05T05:00:00Z'), santiagoEvenings),
    ).toBe(2 * 59 * MINUTE);
  });

  it('is zero for an empty or reversed interval', () => {
    const berlin = calendar();
    expect(businessTimeBetween(at('2026-03-23T10:00:00Z'), at('2026-03-23T10:00:00Z'), berlin)).toBe(0);
    expect(businessTimeBetween(at('2026-03-23T12:00:00Z'), at('2026-03-23T10:00:00Z'), berlin)).toBe(0);
  });
});

describe('subtractBusinessTime', () => {
  it('finds when a threshold before a deadline was reached', () => {
    const berlin = calendar();
    // Two working hours before Monday 10:00 is Friday 16:00 (CET, so 15:00 UTC).
    expect(subtractBusinessTime(at('2026-03-23T09:00:00Z'), 2 * HOUR, berlin)).toEqual(
      at('2026-03-20T15:00:00Z'),
    );
    // Nothing before Monday 09:00: the threshold was reached when Friday closed.
    expect(subtractBusinessTime(at('2026-03-23T08:00:00Z'), 0, berlin)).toEqual(at('2026-03-20T16:00:00Z'));
  });
});

describe('durationMs', () => {
  const berlin = calendar({ workingHours: { start: '08:30', end: '17:00' } });

  it('makes a business day one working day of the calendar', () => {
    expect(durationMs({ amount: 2, unit: 'business_days' }, berlin)).toEqual({
      ms: 17 * HOUR,
      business: true,
    });
    expect(durationMs({ amount: 1.5, unit: 'business_hours' }, berlin)).toEqual({
      ms: 90 * MINUTE,
      business: true,
    });
  });

  it('keeps calendar units as plain elapsed time', () => {
    expect(durationMs({ amount: 3, unit: 'calendar_days' }, berlin)).toEqual({
      ms: 3 * DAY,
      business: false,
    });
    expect(durationMs({ amount: 4, unit: 'calendar_hours' }, berlin)).toEqual({
      ms: 4 * HOUR,
      business: false,
    });
  });
});
