// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packetRow } from '../../lib/db/packet-rows';
import { writeSetting } from '../../lib/db/settings';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Packet } from '../../lib/handoff/packet';
import type { Playbook } from '../../lib/handoff/playbook';
import { actors } from '../support/domain';
import { fullPacket, packetId } from '../support/packets';
import {
  answerFromBackground,
  change,
  cleanupPanels,
  listGroup,
  opportunityRecord,
  renderPanel,
  testEnvironment,
} from './panel-harness';

/**
 * The Communications and Adoption content sections as a person uses them: the panel asks the real
 * background page router (in this process, through WXT's fake browser) to prepare the texts.
 */

let clipboard: string[];

beforeEach(() => {
  answerFromBackground();
  clipboard = [];
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => {
    clipboard.push(text);
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanupPanels();
});

/** A Sales → CS packet the CSM viewing it has accepted: both sides owned, every value real. */
function acceptedPacket(): Packet {
  return {
    ...fullPacket('sales_to_cs'),
    status: 'accepted',
    owners: {
      givingUserId: 'u-rep',
      givingTeamId: 't-sales',
      receivingUserId: 'u-csm',
      receivingTeamId: 't-cs',
    },
  };
}

/** The CSM's panel on the opportunity, signed in as Casey, showing `packet`. */
async function showPacket(packet: Packet, playbook: Playbook = defaultPlaybook) {
  const environment = { ...testEnvironment(actors.csm), playbook };
  await writeSetting(environment.db, 'session', {
    me: {
      user: { id: 'u-csm', email: 'casey@vendor.example', name: 'Casey CSM', role: 'csm' },
      workspace: { id: '0190c6a4-7d2e-7b5a-9f1e-3c4d5e6f7a8b', name: 'Vendor' },
      teams: [{ id: 't-cs', name: 'Customer Success', function: 'customer_success', manages: false }],
    },
    playbook,
    refreshedAt: '2026-11-02T09:00:00.000Z',
  });
  await environment.db.packets.put(packetRow(packet));
  const view = renderPanel(opportunityRecord, environment);
  await screen.findByRole('heading', { name: 'Communications' });
  return view;
}

/** One template's card, once the background has prepared it. */
async function card(title: string): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { name: title, level: 3 });
  return heading.closest('article') as HTMLElement;
}

describe('Communications', () => {
  it("renders each of the point's templates from the packet, with the owners named", async () => {
    await showPacket(acceptedPacket());
    const intro = await card('Joint intro email');

    // The viewer, whom the panel calls "you", signs a customer's text with their name.
    expect(within(intro).getByText(/Subject:/).parentElement?.textContent).toBe(
      'Subject: Acme Corp: meet Casey CSM, your Customer Success Manager',
    );
    expect(intro.querySelector('pre')?.textContent).toContain('- Cut time to first value to 30 days');
    await card('Kickoff agenda');
    await card('Onboarding checklist');
  });

  it('copies the text to the clipboard and says so', async () => {
    await showPacket(acceptedPacket());
    const intro = await card('Joint intro email');

    fireEvent.click(within(intro).getByRole('button', { name: 'Copy Joint intro email' }));

    await within(intro).findByText('Copied to the clipboard.');
    expect(clipboard).toHaveLength(1);
    expect(clipboard[0]).toBe(intro.querySelector('pre')?.textContent);
    expect(clipboard[0]).toContain('Erin Buyer, CFO');
  });

  it('lists what a text lacks, each a link to its field, and holds every action until it is filled', async () => {
    const packet = acceptedPacket();
    delete packet.fields['keyDates.goLive'];
    await showPacket(packet);
    const agenda = await card('Kickoff agenda');
    const gaps = within(agenda).getByText(/Not ready to send/).parentElement as HTMLElement;

    const actions = ['Copy Kickoff agenda', 'Open in mail Kickoff agenda', 'Download invite (.ics)'];
    for (const name of actions) {
      const action = within(agenda).getByRole('button', { name });
      expect(action.getAttribute('aria-disabled'), name).toBe('true');
      expect(action.getAttribute('aria-describedby'), name).toBe(gaps.id);
      fireEvent.click(action);
    }
    expect(within(agenda).queryByRole('link')).toBeNull();
    expect(clipboard).toEqual([]);
    await within(agenda).findByText('Not yet: fill in what is missing first.');

    fireEvent.click(within(gaps).getByRole('button', { name: 'Go-live' }));
    expect(document.activeElement?.id).toBe('baton-keyDates-goLive');
  });

  it('takes the person from a missing list field to the first item that lacks it', async () => {
    const packet = acceptedPacket();
    const [first] = packet.lists.buyingCommittee ?? [];
    for (const member of packet.lists.buyingCommittee ?? []) delete member.fields.title;
    await showPacket(packet);
    const intro = await card('Joint intro email');

    fireEvent.click(within(intro).getByRole('button', { name: 'Buying committee: Title' }));

    expect(document.activeElement?.id).toBe(`baton-buyingCommittee-${first?.id}-title`);
  });

  it('sends a missing receiving owner to the owners line', async () => {
    const packet = { ...acceptedPacket(), owners: { ...acceptedPacket().owners, receivingUserId: null } };
    await showPacket(packet);
    const checklist = await card('Onboarding checklist');

    fireEvent.click(within(checklist).getByRole('button', { name: 'Receiving owner' }));

    expect(document.activeElement?.id).toBe('baton-owners-receiving');
  });

  it('opens a customer text in mail to the buying committee, and a team text to nobody yet', async () => {
    const playbook = structuredClone(defaultPlaybook);
    playbook.handoffPoints.sales_to_cs.templates = [
      {
        id: 'hello',
        kind: 'intro_email',
        audience: 'customer',
        title: 'Hello',
        subject: 'Hi {{customer.name}}',
        body: 'Notes:\n{{decisionNotes}}',
      },
      {
        id: 'internal',
        kind: 'intro_email',
        title: 'Internal',
        subject: 'About {{customer.name}}',
        body: 'Seats: {{scope.seats}}',
      },
    ];
    await showPacket(acceptedPacket(), playbook);

    const hello = within(await card('Hello')).getByRole('link', { name: 'Open in mail Hello' });
    const internal = within(await card('Internal')).getByRole('link', { name: 'Open in mail Internal' });

    const url = new URL(hello.getAttribute('href') ?? '');
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe('erin@acme.example,chris@acme.example');
    expect(url.searchParams.get('subject')).toBe('Hi Acme Corp');
    expect(url.searchParams.get('body')).toBe(
      'Notes:\r\nChose us over the incumbent for the Salesforce integration; CFO wants a Q1 go-live.',
    );
    expect(internal.getAttribute('href')).toBe('mailto:?subject=About%20Acme%20Corp&body=Seats%3A%20200');
  });

  it('copies a body too long for a mail link as the mail client opens, and says so', async () => {
    const playbook = structuredClone(defaultPlaybook);
    playbook.handoffPoints.sales_to_cs.templates = [
      {
        id: 'long',
        kind: 'intro_email',
        audience: 'customer',
        title: 'Long',
        subject: 'Kickoff',
        body: `{{decisionNotes}}\n${'More to say. '.repeat(200)}`,
      },
    ];
    await showPacket(acceptedPacket(), playbook);
    const long = await card('Long');
    const mail = within(long).getByRole('link', { name: 'Open in mail Long' });

    expect(mail.getAttribute('href')).toBe('mailto:erin@acme.example,chris@acme.example?subject=Kickoff');
    expect(within(long).getByText(/Too long for a mail link/).id).toBe(mail.getAttribute('aria-describedby'));
    mail.addEventListener('click', (event) => event.preventDefault());
    fireEvent.click(mail);

    await within(long).findByText('Body copied: paste it.');
    expect(clipboard).toEqual([long.querySelector('pre')?.textContent]);
    expect(clipboard[0]).toMatch(/^Chose us over the incumbent/);
  });

  it('downloads the kickoff invite as an .ics file organized by the signed-in person', async () => {
    const files: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      files.push(blob);
      return `blob:baton/${files.length}`;
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    await showPacket(acceptedPacket());
    const agenda = await card('Kickoff agenda');

    const download = within(agenda).getByRole('link', { name: 'Download invite (.ics)' });

    expect(download.getAttribute('download')).toBe('kickoff-agenda.ics');
    const file = files[Number(download.getAttribute('href')?.split('/').at(-1)) - 1];
    expect(file?.type).toBe('text/calendar');
    const event = new ICAL.Component(ICAL.parse(await (file as Blob).text())).getFirstSubcomponent('vevent');
    expect(event?.getFirstPropertyValue('organizer')).toBe('mailto:casey@vendor.example');
    const attendees = event?.getAllProperties('attendee').map((attendee) => attendee.getFirstValue());
    expect(attendees?.map((address) => String(address).toLowerCase())).toEqual([
      'mailto:erin@acme.example',
      'mailto:chris@acme.example',
    ]);
    expect(event?.getFirstPropertyValue('summary')).toBe('Acme Corp kickoff, 2026-11-09');
  });

  it('prepares the texts again as the packet changes', async () => {
    const packet = acceptedPacket();
    delete packet.fields.decisionNotes;
    const { environment } = await showPacket(packet);
    const agenda = await card('Kickoff agenda');
    within(agenda).getByRole('button', { name: 'Decision notes' });

    await change(
      environment,
      'setField',
      { packetId, field: 'decisionNotes', value: 'Chose us for the audit trail.', baseRev: null },
      actors.csm,
    );

    await waitFor(() =>
      expect(agenda.querySelector('pre')?.textContent).toContain('Chose us for the audit trail.'),
    );
    expect(within(agenda).queryByText(/Not ready to send/)).toBeNull();
  });
});

describe('Adoption content', () => {
  it("links the playbook's content for the packet's use cases, each in a new tab", async () => {
    const playbook = structuredClone(defaultPlaybook);
    playbook.content = [
      {
        id: 'reports',
        title: 'Reporting quick start',
        url: 'https://help.example.com/reports',
        useCases: ['reporting'],
      },
      { id: 'sso', title: 'Single sign-on', url: 'https://help.example.com/sso', useCases: ['SSO'] },
    ];
    await showPacket(acceptedPacket(), playbook);
    const section = screen
      .getByRole('heading', { name: 'Adoption content' })
      .closest('section') as HTMLElement;

    const links = within(section).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Reporting quick start (opens in a new tab)', 'https://help.example.com/reports'],
    ]);
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(links[0]?.getAttribute('rel')).toContain('noopener');
    expect(section.textContent).toContain('for Reporting');
  });

  it('says which use cases have content when none match, and takes the person to add one', async () => {
    const packet = { ...acceptedPacket(), lists: { ...acceptedPacket().lists, useCases: [] } };
    await showPacket(packet);
    const section = screen
      .getByRole('heading', { name: 'Adoption content' })
      .closest('section') as HTMLElement;

    expect(within(section).queryAllByRole('link')).toEqual([]);
    expect(section.textContent).toContain('Add the use cases the customer bought for.');
    expect(section.textContent).toContain('reporting, dashboards, analytics');

    fireEvent.click(within(section).getByRole('button', { name: 'Add a use case' }));
    expect(document.activeElement).toBe(within(listGroup('Use cases')).getByLabelText('New use case'));
  });
});
