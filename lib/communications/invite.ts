import { TZDate } from '@date-fns/tz';
import ical, { ICalAttendeeRole } from 'ical-generator';
import type { Calendar } from '../handoff/calendar';

/** Someone an invite names: a calendar address needs an email. */
export interface InvitePerson {
  name: string;
  email: string;
}

export interface KickoffInvite {
  /** The packet's id: downloading the invite again updates the same event in a calendar. */
  packetId: string;
  /** The kickoff target, YYYY-MM-DD. */
  date: string;
  /** The receiving team's calendar: its time zone and working hours place the call. */
  calendar: Calendar;
  summary: string;
  description: string;
  organizer: InvitePerson | null;
  attendees: InvitePerson[];
}

const meetingMinutes = 60;
const startsAfterOpeningMinutes = 60;

function minutesOf(clock: string): number {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * The kickoff call's hour on its day: an hour into the receiving team's working day in its time zone, or
 * earlier when that would run past closing. A date alone would make an all-day event, which blocks
 * nobody's time and so invites no one to a call.
 */
export function kickoffSlot(date: string, calendar: Calendar): { start: Date; end: Date } {
  const opening = minutesOf(calendar.workingHours.start);
  const closing = minutesOf(calendar.workingHours.end);
  const startMinute = Math.max(
    opening,
    Math.min(opening + startsAfterOpeningMinutes, closing - meetingMinutes),
  );
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const start = new TZDate(year, month - 1, day, 0, startMinute, calendar.timeZone);
  return { start: new Date(start.getTime()), end: new Date(start.getTime() + meetingMinutes * 60_000) };
}

function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The kickoff as an iCalendar file (RFC 5545) for the organizer's calendar, which then invites the
 * attendees. Times are written in UTC, so no time zone definition has to travel with the file.
 */
export function kickoffInviteIcs(invite: KickoffInvite): string {
  const { start, end } = kickoffSlot(invite.date, invite.calendar);
  const { organizer } = invite;
  const attendees = invite.attendees.filter(
    (person, index, all) =>
      !(organizer && sameEmail(person.email, organizer.email)) &&
      all.findIndex((other) => sameEmail(other.email, person.email)) === index,
  );
  const calendar = ical({ prodId: { company: 'Baton', product: 'Handoffs', language: 'EN' } });
  calendar.createEvent({
    id: `${invite.packetId}-kickoff@baton`,
    start,
    end,
    summary: invite.summary,
    description: invite.description,
    ...(organizer ? { organizer } : {}),
    attendees: attendees.map((person) => ({ ...person, rsvp: true, role: ICalAttendeeRole.REQ })),
  });
  return calendar.toString();
}
