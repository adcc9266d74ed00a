import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type CommunicationsInput, prepareCommunications } from '../../lib/communications/prepare';
import type { Calendar } from '../../lib/handoff/calendar';
import { defaultTemplates } from '../../lib/handoff/default-templates';
import { HandoffPoint } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { mailLink } from '../../lib/panel/mail-link';
import { templateGap } from '../../lib/panel/template-gaps';
import { actors, context, must } from '../support/domain';
import { fullPacket, newPacket, packetId } from '../support/packets';

const owners = { givingOwnerName: 'Dana Rep', receivingOwnerName: 'Casey CSM' };
const berlin: Calendar = {
  id: 'emea',
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:30' },
  holidays: [],
};
const organizer = { name: 'Casey CSM', email: 'casey@vendor.example' };

/** The packet after the rep changes one field, seen at its current revision (an edit, not a conflict). */
function withField(packet: Packet, field: string, value: string | null): Packet {
  const baseRev = packet.fields[field]?.rev ?? null;
  return must(packet, 'setField', { packetId, field, value, baseRev }, context(actors.rep));
}

function input(packet: Packet, changes: Partial<CommunicationsInput> = {}): CommunicationsInput {
  return {
    packet,
    templates: defaultTemplates[packet.handoffPoint],
    owners,
    calendar: berlin,
    organizer,
    ownerAttendees: [],
    ...changes,
  };
}

function kickoffAgenda(packet: Packet, changes: Partial<CommunicationsInput> = {}) {
  const agenda = prepareCommunications(input(packet, changes)).find((text) => text.id === 'kickoff-agenda');
  if (!agenda) throw new Error('the Sales → CS point has a kickoff agenda');
  return agenda;
}

/** The invite as an independent parser reads it: ical.js, not the library that wrote it. */
function parsedEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent');
  if (!event) throw new Error('the invite has an event');
  const organizerProperty = event.getFirstProperty('organizer');
  return {
    calendar,
    event: new ICAL.Event(event),
    organizer: {
      address: organizerProperty?.getFirstValue(),
      name: organizerProperty?.getParameter('cn'),
    },
    attendees: event.getAllProperties('attendee').map((attendee) => ({
      address: attendee.getFirstValue(),
      name: attendee.getParameter('cn'),
    })),
  };
}

describe('every default template at every handoff point', () => {
  for (const point of HandoffPoint.options) {
    it(`${point}: renders each text whole from a full packet, with nothing missing`, () => {
      const prepared = prepareCommunications(input(fullPacket(point)));

      expect(prepared.map((text) => text.id)).toEqual(defaultTemplates[point].map((template) => template.id));
      for (const text of prepared) {
        expect(text.missing, text.id).toEqual([]);
        expect(text.body, text.id).toContain('Acme Corp');
        expect(text.body, text.id).not.toMatch(/\{\{|\}\}/);
        expect(text.subject === null, text.id).toBe(text.id === 'onboarding-checklist');
      }
    });

    it(`${point}: reports what an empty packet lacks, the customer and the receiving owner included`, () => {
      const prepared = prepareCommunications(input(newPacket(point), { owners: {} }));

      for (const text of prepared) {
        expect(text.missing, text.id).toEqual(expect.arrayContaining(['customer.name', 'owners.receiving']));
        expect(text.invite, text.id).toBeNull();
      }
    });
  }

  it('names exactly what one empty value costs each text', () => {
    const packet = withField(fullPacket('sales_to_cs'), 'keyDates.goLive', null);
    const missing = Object.fromEntries(
      prepareCommunications(input(packet)).map((text) => [text.id, text.missing]),
    );

    expect(missing).toEqual({
      'joint-intro-email': ['keyDates.goLive'],
      'kickoff-agenda': ['keyDates.goLive'],
      'onboarding-checklist': ['keyDates.goLive'],
    });
  });

  it('addresses only the joint intro email and the kickoff agenda to the customer', () => {
    const audiences = HandoffPoint.options.flatMap((point) =>
      prepareCommunications(input(fullPacket(point))).map((text) => [text.id, text.audience]),
    );
    expect(Object.fromEntries(audiences)).toEqual({
      'sales-ready-lead-email': 'team',
      'joint-intro-email': 'customer',
      'kickoff-agenda': 'customer',
      'onboarding-checklist': 'team',
      'support-handover-note': 'team',
      'renewal-prep-agenda': 'team',
    });
  });
});

describe('the kickoff invite', () => {
  it('is a calendar file only the customer kickoff agenda carries', () => {
    const invites = HandoffPoint.options.flatMap((point) =>
      prepareCommunications(input(fullPacket(point))).flatMap((text) => (text.invite ? [text.id] : [])),
    );
    expect(invites).toEqual(['kickoff-agenda']);
  });

  it('parses with ical.js: organizer, the buying committee and owners invited, the kickoff hour in the team zone', () => {
    const agenda = kickoffAgenda(fullPacket('sales_to_cs'), {
      ownerAttendees: [{ name: 'Dana Rep', email: 'dana@vendor.example' }, organizer],
    });
    const { event, organizer: organizedBy, attendees } = parsedEvent(agenda.invite ?? '');

    expect(event.summary).toBe('Acme Corp kickoff, 2026-11-09');
    expect(event.description).toBe(agenda.body);
    expect(event.uid).toBe(`${packetId}-kickoff@baton`);
    // 10:00 in Berlin (CET, UTC+1) on the kickoff target: an hour into the team's 09:00 day, for an hour.
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-09T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-11-09T10:00:00.000Z');
    expect(organizedBy).toEqual({ address: 'mailto:casey@vendor.example', name: 'Casey CSM' });
    // The organizer is not invited to their own call twice.
    expect(
      attendees.map((attendee) => ({ ...attendee, address: String(attendee.address).toLowerCase() })),
    ).toEqual([
      { address: 'mailto:erin@acme.example', name: 'Erin Buyer' },
      { address: 'mailto:chris@acme.example', name: 'Chris Champion' },
      { address: 'mailto:dana@vendor.example', name: 'Dana Rep' },
    ]);
  });

  it('follows daylight saving time and short working days', () => {
    const summer = withField(fullPacket('sales_to_cs'), 'keyDates.kickoffTarget', '2026-07-14');
    const losAngeles = { ...berlin, timeZone: 'America/Los_Angeles' };
    const shortDay = { ...berlin, workingHours: { start: '08:00', end: '08:45' } };

    const inSummer = parsedEvent(kickoffAgenda(summer, { calendar: losAngeles }).invite ?? '');
    const onShortDay = parsedEvent(kickoffAgenda(summer, { calendar: shortDay }).invite ?? '');

    // 10:00 PDT (UTC−7); on a day shorter than the call it starts when the day does, 08:00 CEST (UTC+2).
    expect(inSummer.event.startDate.toJSDate().toISOString()).toBe('2026-07-14T17:00:00.000Z');
    expect(onShortDay.event.startDate.toJSDate().toISOString()).toBe('2026-07-14T06:00:00.000Z');
  });

  it('has no organizer when nobody with an email can organize it, and is still a valid calendar', () => {
    const { calendar, organizer: organizedBy } = parsedEvent(
      kickoffAgenda(fullPacket('sales_to_cs'), { organizer: null }).invite ?? '',
    );
    expect(organizedBy.address).toBeUndefined();
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toContain('Baton');
  });

  it('waits for the kickoff target even in an agenda that does not print it', () => {
    const packet = withField(fullPacket('sales_to_cs'), 'keyDates.kickoffTarget', null);
    const [dateless] = defaultTemplates.sales_to_cs.filter((template) => template.id === 'kickoff-agenda');
    if (!dateless) throw new Error('the Sales → CS point has a kickoff agenda');
    const agenda = kickoffAgenda(packet, {
      templates: [
        { ...dateless, subject: '{{customer.name}} kickoff', body: 'Agenda for {{customer.name}}' },
      ],
    });

    expect(agenda.missing).toEqual(['keyDates.kickoffTarget']);
    expect(agenda.invite).toBeNull();
  });
});

describe('mailLink', () => {
  it('encodes recipients, subject and body, with CRLF line breaks', () => {
    const link = mailLink(['erin@acme.example', 'o+k@acme.example'], 'Acme & you: 50%', 'Hi,\nline two?');
    expect(link).toEqual({
      href: 'mailto:erin@acme.example,o%2Bk@acme.example?subject=Acme%20%26%20you%3A%2050%25&body=Hi%2C%0D%0Aline%20two%3F',
      withBody: true,
    });
    const decoded = new URL(link.href);
    expect(decoded.searchParams.get('body')).toBe('Hi,\r\nline two?');
  });

  it('leaves out a body that would make the link too long for mail clients', () => {
    const link = mailLink(['erin@acme.example'], 'Kickoff', 'word '.repeat(500));
    expect(link).toEqual({ href: 'mailto:erin@acme.example?subject=Kickoff', withBody: false });
  });
});

describe('templateGap', () => {
  const packet = fullPacket('sales_to_cs');

  it('labels each kind of missing name and points at the field to fill', () => {
    expect(templateGap('keyDates.goLive', packet)).toEqual({
      name: 'keyDates.goLive',
      label: 'Go-live',
      field: 'keyDates.goLive',
    });
    expect(templateGap('risks', packet)).toMatchObject({ label: 'Risks', field: 'risks' });
    expect(templateGap('owners.receiving', packet)).toMatchObject({
      label: 'Receiving owner',
      field: 'owners.receiving',
    });
    expect(templateGap('buyingCommittee.title', packet)).toMatchObject({
      label: 'Buying committee: Title',
      field: 'buyingCommittee.buyingCommittee-0.title',
    });
    expect(templateGap('risks.mitigation', newPacket('sales_to_cs'))).toMatchObject({ field: 'risks' });
  });
});
