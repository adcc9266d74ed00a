import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import { isAddressedTo, noticeWords } from '../../lib/handoff/notices';
import type { Packet } from '../../lib/handoff/packet';

const person = (
  userId: string,
  teams: Record<string, 'sales' | 'customer_success'>,
  manages: string[] = [],
): Actor => ({
  userId,
  role: manages.length > 0 ? 'manager' : 'rep',
  teamIds: Object.keys(teams),
  managedTeamIds: manages,
  teamFunctions: teams,
});

const rae = person('rae', { sales: 'sales' });
const cass = person('cass', { cs: 'customer_success' });
const cleo = person('cleo', { cs: 'customer_success' }, ['cs']);
const otto = person('otto', { sales: 'sales' });

const packet = (
  receivingUserId: string | null = null,
): Pick<Packet, 'handoffPoint' | 'owners' | 'fields'> => ({
  handoffPoint: 'sales_to_cs',
  owners: { givingUserId: 'rae', givingTeamId: 'sales', receivingUserId, receivingTeamId: 'cs' },
  fields: {
    'customer.name': {
      value: 'Acme Corp',
      rev: 'c/1',
      setBy: 'rae',
      setAt: '2026-12-01T09:00:00Z',
      source: 'typed',
    },
  },
});

const event = (type: EventType, data: Record<string, unknown> = {}, actorId = 'someone'): HistoryEvent => ({
  packetId: '0190b6a0-0000-7000-8000-000000000001',
  seq: 7,
  type,
  at: '2026-12-08T17:00:00.000Z',
  actorId,
  data,
});

const step = {
  label: 'Kickoff within 5 business days',
  side: 'receiving',
  teamId: 'cs',
  deadline: '2026-12-08T17:00:00.000Z',
};

const addressed = (happened: HistoryEvent, on = packet()) =>
  [rae, cass, cleo, otto].filter((actor) => isAddressedTo(happened, on, actor)).map((actor) => actor.userId);

describe('who is told of what', () => {
  it('tells the receiver of a submission, or the receiving team while nobody owns it, never the submitter', () => {
    expect(addressed(event('submitted', {}, 'rae'))).toEqual(['cass', 'cleo']);
    expect(addressed(event('submitted', {}, 'rae'), packet('cass'))).toEqual(['cass']);
  });

  it('tells the giver of a return or an acceptance', () => {
    expect(addressed(event('returned', { reason: 'No date' }, 'cass'))).toEqual(['rae']);
    expect(addressed(event('accepted', {}, 'cass'))).toEqual(['rae']);
  });

  it('reminds the late side: its owner, or its team while nobody owns it', () => {
    expect(addressed(event('sla_threshold', { ...step, ownerId: 'cass' }, 'baton-sla'))).toEqual(['cass']);
    expect(addressed(event('sla_breached', { ...step, ownerId: null }, 'baton-sla'))).toEqual([
      'cass',
      'cleo',
    ]);
  });

  it("tells the team's manager of an escalation, and the owner too when it stands for the breach", () => {
    const escalation = { ...step, ownerId: 'cass', action: 'notify_manager' };
    expect(addressed(event('escalated', { ...escalation, breached: false }, 'baton-sla'))).toEqual(['cleo']);
    expect(addressed(event('escalated', { ...escalation, breached: true }, 'baton-sla'))).toEqual([
      'cass',
      'cleo',
    ]);
    expect(
      addressed(event('escalated', { ...step, ownerId: 'cass', action: 'remind_owner' }, 'baton-sla')),
    ).toEqual(['cass']);
  });

  it('tells whom a late side fell to, and whom a packet was handed to', () => {
    const reassign = { ...step, ownerId: 'cass', action: 'reassign', reassignedTo: 'otto', breached: false };
    expect(addressed(event('escalated', reassign, 'baton-sla'))).toEqual(['cleo', 'otto']);
    expect(addressed(event('reassigned', { side: 'receiving', to: 'cass' }, 'cleo'))).toEqual(['cass']);
  });

  it('tells nobody of field edits', () => {
    expect(addressed(event('field_set', { field: 'decisionNotes' }))).toEqual([]);
  });
});

describe('the words of a notice', () => {
  const nameOf = (id: string) => ({ rae: 'Rae Rep', cass: 'Cass CSM' })[id];

  it('names the customer, the handoff point and the deadline', () => {
    expect(noticeWords(event('sla_threshold', step), packet())).toEqual({
      title: 'Due soon: Kickoff within 5 business days',
      message: 'Acme Corp (Sales → CS / Onboarding) is due by 2026-12-08 17:00 UTC.',
    });
    expect(
      noticeWords(event('escalated', { ...step, ownerId: 'cass', action: 'notify_manager' }), packet(), {
        nameOf,
      }),
    ).toEqual({
      title: 'Escalated: Kickoff within 5 business days',
      message:
        'Acme Corp (Sales → CS / Onboarding) was due by 2026-12-08 17:00 UTC. Cass CSM has not acted on it.',
    });
  });

  it('says who handed over, and why a handoff came back', () => {
    expect(noticeWords(event('submitted', {}, 'rae'), packet(), { nameOf }).message).toBe(
      'Acme Corp (Sales → CS / Onboarding), from Rae Rep.',
    );
    expect(noticeWords(event('returned', { reason: 'The kickoff date is missing' }), packet()).message).toBe(
      'Acme Corp (Sales → CS / Onboarding): The kickoff date is missing.',
    );
  });

  it('speaks of the receiver by name in a channel, not as "you"', () => {
    expect(
      noticeWords(event('submitted', {}, 'rae'), packet('cass'), { nameOf, forChannel: true }).title,
    ).toBe('Handoff submitted to Cass CSM');
    expect(noticeWords(event('submitted', {}, 'rae'), packet(), { nameOf, forChannel: true }).title).toBe(
      'Handoff submitted to the receiving team',
    );
  });

  it('reads without a customer name', () => {
    const unnamed = { ...packet(), fields: {} };
    expect(noticeWords(event('accepted', { receivingUserId: 'cass' }), unnamed, { nameOf }).message).toBe(
      'A customer (Sales → CS / Onboarding), by Cass CSM.',
    );
  });
});
