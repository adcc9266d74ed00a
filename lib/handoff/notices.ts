import type { Actor } from './actor';
import { handoffPoints } from './handoff-points';
import type { EventType, HistoryEvent } from './history';
import { receivingTeamOf } from './lifecycle';
import type { Packet } from './packet';

/** The history events people are told about, by notification and webhook. */
export const noticeTypes: readonly EventType[] = [
  'sla_threshold',
  'sla_breached',
  'escalated',
  'submitted',
  'returned',
  'accepted',
  'reassigned',
];

type NoticePacket = Pick<Packet, 'handoffPoint' | 'owners' | 'fields'>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The owner of the late side, or, while nobody owns it, anybody on its team. */
function concernsSideOwner(event: HistoryEvent, actor: Actor): boolean {
  const owner = text(event.data.ownerId);
  if (owner !== null) return owner === actor.userId;
  const team = text(event.data.teamId);
  return team !== null && actor.teamIds.includes(team);
}

function concernsSideManager(event: HistoryEvent, actor: Actor): boolean {
  const team = text(event.data.teamId);
  return team !== null && actor.managedTeamIds.includes(team);
}

/**
 * Whether this person is to be told of this event: reminders and breaches go to the late side's owner;
 * a manager hears of an escalation on their team; a submission goes to its receiver (or, while there is
 * none, the receiving team); a return or an acceptance to the giver; a reassignment to whom it fell to.
 * Nobody is told of what they did themselves.
 */
export function isAddressedTo(event: HistoryEvent, packet: NoticePacket, actor: Actor): boolean {
  if (event.actorId === actor.userId) return false;
  const { owners } = packet;
  switch (event.type) {
    case 'sla_threshold':
    case 'sla_breached':
      return concernsSideOwner(event, actor);
    case 'escalated': {
      const action = event.data.action;
      if (action === 'remind_owner' || event.data.breached === true)
        if (concernsSideOwner(event, actor)) return true;
      if (action === 'reassign' && event.data.reassignedTo === actor.userId) return true;
      return (action === 'notify_manager' || action === 'reassign') && concernsSideManager(event, actor);
    }
    case 'submitted':
      return owners.receivingUserId === null
        ? receivingTeamOf(actor, packet) !== null
        : owners.receivingUserId === actor.userId;
    case 'returned':
    case 'accepted':
      return owners.givingUserId === actor.userId;
    case 'reassigned':
      return event.data.to === actor.userId;
    default:
      return false;
  }
}

export interface NoticeWords {
  title: string;
  message: string;
}

export interface NoticeOptions {
  /** A person's name by user id, where known. */
  nameOf?: (userId: string) => string | undefined;
  /** Words for a team's channel (a webhook), not for the one person the notice is addressed to. */
  forChannel?: boolean;
  /** How to show an instant; UTC by default. */
  formatInstant?: (iso: string) => string;
}

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** What to tell people of a notice event, in words: a title and one sentence. */
export function noticeWords(
  event: HistoryEvent,
  packet: NoticePacket,
  options: NoticeOptions = {},
): NoticeWords {
  const nameOf = (id: unknown) => (typeof id === 'string' ? (options.nameOf?.(id) ?? null) : null);
  const when = (iso: unknown) => (typeof iso === 'string' ? (options.formatInstant ?? utc)(iso) : 'soon');
  const customer = text(packet.fields['customer.name']?.value) ?? 'A customer';
  const about = `${customer} (${handoffPoints[packet.handoffPoint].label})`;
  const label = text(event.data.label) ?? 'SLA';
  const { data } = event;
  switch (event.type) {
    case 'sla_threshold':
      return { title: `Due soon: ${label}`, message: `${about} is due by ${when(data.deadline)}.` };
    case 'sla_breached':
      return { title: `Breached: ${label}`, message: `${about} was due by ${when(data.deadline)}.` };
    case 'escalated': {
      const owner = nameOf(data.ownerId) ?? (data.ownerId ? 'Its owner' : 'Nobody');
      if (data.action === 'reassign') {
        const to = nameOf(data.reassignedTo) ?? (data.reassignedTo ? 'its fallback owner' : 'the team');
        return {
          title: `Reassigned: ${label}`,
          message: `${about} was due by ${when(data.deadline)}; it now falls to ${to}.`,
        };
      }
      if (data.action === 'notify_manager')
        return {
          title: `Escalated: ${label}`,
          message: `${about} was due by ${when(data.deadline)}. ${owner} has not acted on it.`,
        };
      return { title: `Still overdue: ${label}`, message: `${about} was due by ${when(data.deadline)}.` };
    }
    case 'submitted':
      return {
        title: options.forChannel
          ? `Handoff submitted to ${nameOf(packet.owners.receivingUserId) ?? 'the receiving team'}`
          : 'Handoff submitted to you',
        message: `${about}, from ${nameOf(packet.owners.givingUserId) ?? 'the giving team'}.`,
      };
    case 'returned':
      return {
        title: 'Handoff returned',
        message: `${about}: ${text(data.reason) ?? 'no reason given'}.`,
      };
    case 'accepted':
      return {
        title: 'Handoff accepted',
        message: `${about}, by ${nameOf(data.receivingUserId ?? event.actorId) ?? 'the receiving team'}.`,
      };
    case 'reassigned':
      return {
        title: options.forChannel
          ? `Handoff assigned to ${nameOf(data.to) ?? (data.to ? 'someone else' : 'the team')}`
          : 'Handoff assigned to you',
        message: `${about}.`,
      };
    default:
      return { title: 'Handoff update', message: `${about}.` };
  }
}
