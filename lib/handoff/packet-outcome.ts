import { businessTimeBetween } from './business-time';
import type { Calendar } from './calendar';
import type { EventType, HistoryEvent } from './history';
import type { SlaPolicy } from './playbook';
import { currentClock } from './sla-clock';
import type { SlaState } from './sla-state';

/* One packet's history, summarised for the outcome metrics; the definitions are in metrics.ts. */

/** What the API keeps of one packet's history for the metrics (migration 007). */
export interface PacketOutcome {
  createdAt: string | null;
  submittedAt: string | null;
  /** 0 created only, 1 submitted, 2 accepted, 3 kickoff held, 4 first value reached. */
  furthestStage: number;
  kickoffMs: number | null;
  kickoffBusinessMs: number | null;
  firstValueMs: number | null;
  firstValueBusinessMs: number | null;
  completenessAtSubmit: number | null;
  everAccepted: boolean;
  everReturned: boolean;
  editedAfterAcceptance: boolean;
  reachedFirstValue: boolean;
  /** The latest cycle of each policy whose clock started, as it stands at `now`. */
  slaClocks: Array<{ policyId: string; state: SlaState; stopped: boolean; deadline: string | null }>;
}

const editEventTypes: ReadonlySet<EventType> = new Set<EventType>([
  'field_set',
  'item_added',
  'item_updated',
  'item_removed',
]);

/** The funnel's stages after `created`, in order: a packet's stage is its index here plus one. */
const funnelStages: readonly EventType[] = ['submitted', 'accepted', 'kickoff_held', 'first_value_reached'];

/**
 * Summarises one packet's history (in `seq` order) for the metrics defined above. `businessCalendar`
 * is the receiving team's; `calendarFor` gives each policy's, as the SLA clocks count.
 */
export function packetOutcome(input: {
  events: readonly HistoryEvent[];
  policies: readonly SlaPolicy[];
  calendarFor: (policy: SlaPolicy) => Calendar;
  businessCalendar: Calendar;
  now: Date;
}): PacketOutcome {
  const { events } = input;
  const firstOf = (type: EventType) => events.find((event) => event.type === type);
  const submission = firstOf('submitted');
  const kickoff = firstOf('kickoff_held');
  const firstValue = firstOf('first_value_reached');
  const acceptedIndex = events.findIndex((event) => event.type === 'accepted');
  const since = (event: HistoryEvent | undefined) => {
    if (!submission || !event) return { ms: null, businessMs: null };
    const from = new Date(submission.at);
    const to = new Date(event.at);
    return {
      ms: to.getTime() - from.getTime(),
      businessMs: businessTimeBetween(from, to, input.businessCalendar),
    };
  };
  const toKickoff = since(kickoff);
  const toFirstValue = since(firstValue);
  const completeness = submission?.data.completeness;
  let furthestStage = 0;
  for (const event of events) furthestStage = Math.max(furthestStage, funnelStages.indexOf(event.type) + 1);

  return {
    createdAt: firstOf('created')?.at ?? null,
    submittedAt: submission?.at ?? null,
    furthestStage,
    kickoffMs: toKickoff.ms,
    kickoffBusinessMs: toKickoff.businessMs,
    firstValueMs: toFirstValue.ms,
    firstValueBusinessMs: toFirstValue.businessMs,
    completenessAtSubmit:
      typeof completeness === 'number' && completeness >= 0 && completeness <= 1 ? completeness : null,
    everAccepted: acceptedIndex !== -1,
    everReturned: firstOf('returned') !== undefined,
    editedAfterAcceptance:
      acceptedIndex !== -1 && events.slice(acceptedIndex + 1).some((event) => editEventTypes.has(event.type)),
    reachedFirstValue: firstValue !== undefined,
    slaClocks: input.policies.flatMap((policy) => {
      const clock = currentClock(policy, events, input.calendarFor(policy), input.now);
      if (clock.state === 'not_started') return [];
      return [
        {
          policyId: policy.id,
          state: clock.state,
          stopped: clock.stoppedAt !== null,
          deadline: clock.deadline,
        },
      ];
    }),
  };
}
