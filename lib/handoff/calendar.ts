import * as z from 'zod/mini';

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM'));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD'));

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A team's working time: SLA clocks in business time count only inside it. */
export const Calendar = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug')),
    timeZone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')),
    /** ISO weekdays: 1 is Monday, 7 is Sunday. */
    workingDays: z.array(z.number().check(z.int(), z.gte(1), z.lte(7))).check(z.minLength(1), z.maxLength(7)),
    workingHours: z.object({ start: clockTime, end: clockTime }),
    holidays: z.array(isoDate),
  })
  .check(
    z.refine((calendar) => calendar.workingHours.start < calendar.workingHours.end, {
      message: 'working hours must start before they end',
      path: ['workingHours'],
    }),
  );
export type Calendar = z.infer<typeof Calendar>;
