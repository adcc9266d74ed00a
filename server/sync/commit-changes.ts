import { completeness } from '../../lib/handoff/completeness';
import type { HistoryEvent } from '../../lib/handoff/history';
import { improveSummaryOf } from '../../lib/handoff/improve';
import { isOpen, type Owners, type Packet } from '../../lib/handoff/packet';
import {
  calendarForPolicy,
  calendarForTeam,
  type Playbook,
  type SlaPolicy,
} from '../../lib/handoff/playbook';
import { packetSchedule, slaSummaryOf } from '../../lib/handoff/sla-clock';
import { nextSlaActionAt } from '../../lib/handoff/sla-steps';
import type { Rejection } from '../../lib/sync/protocol';
import type { Tx } from '../db/workspace-transaction';

export interface ChangedPacket {
  packet: Packet;
  /** What packetSchedule needs of its whole history (see scheduleEventTypes), this batch's events last. */
  scheduleEvents: readonly HistoryEvent[];
  /** This batch's events. */
  events: readonly HistoryEvent[];
}

/** An SLA step to record as taken (see migration 004), with the event that records it, if any. */
export interface TakenSlaStep {
  packetId: string;
  policyId: string;
  cycleStart: string;
  step: string;
  seq: number | null;
}

export interface ChangeOutcome {
  workspaceId: string;
  /** The pushing client and its last mutation id; null for the API's own changes (sweeps, CRM events). */
  client: { id: string; lastMutationId: number } | null;
  changed: readonly ChangedPacket[];
  /** Ids of packets created offline that joined another: alias → packet. */
  aliases: ReadonlyMap<string, string>;
  rejections: readonly Rejection[];
  slaSteps?: readonly TakenSlaStep[];
  playbook: Playbook;
  now: Date;
}

/**
 * Writes a push's (or a sweep's) outcome in one statement: the changed packets' rows (with what lib/
 * computes from them for indexed lists), their record links, events and snapshots, the aliases and
 * rejections, SLA steps taken, the client's last mutation id, and a pending webhook delivery for each
 * event a live webhook wants (the outbox: an event and its deliveries commit together). The statement
 * takes the workspace's next version first, and the transaction commits right after it: the counter row
 * is held only for that moment, writers commit in version order, and a pull cursor never passes a change
 * that is still to commit.
 */
export async function commitChanges(tx: Tx, outcome: ChangeOutcome): Promise<void> {
  const { workspaceId, client, changed, aliases, rejections, slaSteps = [] } = outcome;
  if (changed.length === 0 && aliases.size === 0 && rejections.length === 0 && slaSteps.length === 0) {
    if (client)
      await tx.query('UPDATE clients SET last_mutation_id = $3 WHERE workspace_id = $1 AND id = $2', [
        workspaceId,
        client.id,
        client.lastMutationId,
      ]);
    return;
  }
  await tx.query(
    `WITH counter AS (
       UPDATE workspaces SET version = version + 1 WHERE id = $1 RETURNING version
     ), client AS (
       UPDATE clients SET last_mutation_id = $3 WHERE workspace_id = $1 AND id = $2
     ), changed AS (
       SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(
         id uuid, handoff_point text, status text, document jsonb, customer_name text, customer_domain text,
         created_by text, giving_user_id text, giving_team_id text, receiving_user_id text, receiving_team_id text,
         completeness real, exit_met boolean, sla_state text, due_soon_at timestamptz, next_deadline timestamptz,
         submitted_at timestamptz, accepted_at timestamptz, kickoff_at timestamptz, first_value_at timestamptz,
         closed_at timestamptz, next_action_at timestamptz, submit_criteria_met text[], submit_completeness double precision,
         returned_at timestamptz, sla_outcome text, created_at timestamptz, updated_at timestamptz)
     ), saved AS (
       INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, customer_domain,
         created_by, giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, completeness, exit_met,
         sla_state, due_soon_at, next_deadline, submitted_at, accepted_at, kickoff_at, first_value_at, closed_at,
         next_action_at, submit_criteria_met, submit_completeness, returned_at, sla_outcome, version, created_at,
         updated_at)
       SELECT $1, id, handoff_point, status, document, customer_name, customer_domain,
         created_by, giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, completeness, exit_met,
         sla_state, due_soon_at, next_deadline, submitted_at, accepted_at, kickoff_at, first_value_at, closed_at,
         next_action_at, submit_criteria_met, submit_completeness, returned_at, sla_outcome,
         (SELECT version FROM counter), created_at, updated_at
         FROM changed
       ON CONFLICT (workspace_id, id) DO UPDATE SET
         status = excluded.status, document = excluded.document, customer_name = excluded.customer_name,
         customer_domain = excluded.customer_domain, giving_user_id = excluded.giving_user_id,
         giving_team_id = excluded.giving_team_id, receiving_user_id = excluded.receiving_user_id,
         receiving_team_id = excluded.receiving_team_id, completeness = excluded.completeness,
         exit_met = excluded.exit_met, sla_state = excluded.sla_state, due_soon_at = excluded.due_soon_at,
         next_deadline = excluded.next_deadline, submitted_at = excluded.submitted_at,
         accepted_at = excluded.accepted_at, kickoff_at = excluded.kickoff_at,
         first_value_at = excluded.first_value_at, closed_at = excluded.closed_at,
         next_action_at = excluded.next_action_at, submit_criteria_met = excluded.submit_criteria_met,
         submit_completeness = excluded.submit_completeness, returned_at = excluded.returned_at,
         sla_outcome = excluded.sla_outcome, version = excluded.version, updated_at = excluded.updated_at
     ), wanted AS (
       SELECT * FROM jsonb_to_recordset($5::jsonb) AS w(
         packet_id uuid, system text, instance text, object_kind text, record_id text, handoff_point text, open boolean)
     ), unlinked AS (
       DELETE FROM packet_records p
        WHERE p.workspace_id = $1 AND p.packet_id IN (SELECT id FROM changed)
          AND NOT EXISTS (SELECT 1 FROM wanted w
                           WHERE w.packet_id = p.packet_id AND w.system = p.system AND w.instance = p.instance
                             AND w.object_kind = p.object_kind AND w.record_id = p.record_id)
     ), linked AS (
       INSERT INTO packet_records (workspace_id, packet_id, system, instance, object_kind, record_id, handoff_point, open)
       SELECT $1, packet_id, system, instance, object_kind, record_id, handoff_point, open FROM wanted
       ON CONFLICT (workspace_id, packet_id, system, instance, object_kind, record_id) DO UPDATE
         SET handoff_point = excluded.handoff_point, open = excluded.open
         WHERE (packet_records.handoff_point, packet_records.open) IS DISTINCT FROM (excluded.handoff_point, excluded.open)
     ), new_events AS (
       INSERT INTO events (workspace_id, packet_id, seq, type, at, actor_id, data, version)
       SELECT $1, packet_id, seq, type, at, actor_id, data, (SELECT version FROM counter)
         FROM jsonb_to_recordset($6::jsonb)
           AS e(packet_id uuid, seq integer, type text, at timestamptz, actor_id text, data jsonb)
       RETURNING packet_id, seq, type
     ), new_deliveries AS (
       INSERT INTO webhook_deliveries (workspace_id, id, webhook_id, packet_id, seq, event_type, next_attempt_at,
         created_at)
       SELECT $1, gen_random_uuid(), w.id, e.packet_id, e.seq, e.type, $9, $9
         FROM new_events e
         JOIN webhooks w ON w.workspace_id = $1 AND w.removed_at IS NULL AND e.type = ANY (w.event_types)
     ), new_snapshots AS (
       INSERT INTO snapshots (workspace_id, packet_id, seq, kind, packet, playbook_version, taken_at)
       SELECT $1, packet_id, seq, kind, packet, playbook_version, taken_at
         FROM jsonb_to_recordset($7::jsonb)
           AS s(packet_id uuid, seq integer, kind text, packet jsonb, playbook_version integer, taken_at timestamptz)
     ), new_aliases AS (
       INSERT INTO packet_aliases (workspace_id, alias_id, packet_id, version)
       SELECT $1, alias_id, packet_id, (SELECT version FROM counter)
         FROM jsonb_to_recordset($8::jsonb) AS a(alias_id uuid, packet_id uuid)
       ON CONFLICT (workspace_id, alias_id) DO UPDATE SET version = excluded.version
     ), new_rejections AS (
       INSERT INTO rejections (workspace_id, client_id, mutation_id, name, code, message, at, version)
       SELECT $1, $2, mutation_id, name, code, message, $9, (SELECT version FROM counter)
         FROM jsonb_to_recordset($10::jsonb) AS j(mutation_id bigint, name text, code text, message text)
     ), new_sla_steps AS (
       INSERT INTO sla_steps (workspace_id, packet_id, policy_id, cycle_start, step, taken_at, seq)
       SELECT $1, packet_id, policy_id, cycle_start, step, $9, seq
         FROM jsonb_to_recordset($11::jsonb)
           AS t(packet_id uuid, policy_id text, cycle_start timestamptz, step text, seq integer)
     )
     SELECT version FROM counter`,
    [
      workspaceId,
      client?.id ?? null,
      client?.lastMutationId ?? 0,
      JSON.stringify(changed.map((change) => packetRow(change, outcome.playbook, outcome.now))),
      JSON.stringify(changed.flatMap(({ packet }) => recordRows(packet))),
      JSON.stringify(changed.flatMap(({ events }) => events.map(eventRow))),
      JSON.stringify(changed.flatMap((change) => snapshotRows(change, outcome.playbook.version))),
      JSON.stringify([...aliases].map(([alias, packetId]) => ({ alias_id: alias, packet_id: packetId }))),
      outcome.now,
      JSON.stringify(
        rejections.map(({ mutationId, name, code, message }) => ({
          mutation_id: mutationId,
          name,
          code,
          message,
        })),
      ),
      JSON.stringify(
        slaSteps.map((step) => ({
          packet_id: step.packetId,
          policy_id: step.policyId,
          cycle_start: step.cycleStart,
          step: step.step,
          seq: step.seq,
        })),
      ),
    ],
  );
}

/** The packet's row: its document, and what lib/ computes from it for indexed lists and aggregates. */
function packetRow({ packet, scheduleEvents }: ChangedPacket, playbook: Playbook, now: Date) {
  const point = playbook.handoffPoints[packet.handoffPoint];
  const score = completeness(packet, point, calendarForTeam(playbook, packet.owners.receivingTeamId));
  const calendarFor = (policy: SlaPolicy, owners: Owners) => calendarForPolicy(playbook, policy, owners);
  const schedule = packetSchedule({
    handoffPointPolicies: point.slas,
    events: scheduleEvents,
    owners: packet.owners,
    calendarFor,
    now,
  });
  const nextActionAt = isOpen(packet)
    ? nextSlaActionAt(
        { policies: point.slas, events: scheduleEvents, owners: packet.owners, calendarFor },
        now,
      )
    : null;
  const summary = slaSummaryOf(schedule);
  const customerName = packet.fields['customer.name']?.value;
  const customerDomain = packet.fields['customer.domain']?.value;
  const { milestones } = schedule;
  const improve = improveSummaryOf(scheduleEvents, schedule.clocks);
  return {
    id: packet.id,
    handoff_point: packet.handoffPoint,
    status: packet.status,
    document: packet,
    customer_name: typeof customerName === 'string' ? customerName : null,
    customer_domain: typeof customerDomain === 'string' ? customerDomain : null,
    created_by: packet.createdBy,
    giving_user_id: packet.owners.givingUserId,
    giving_team_id: packet.owners.givingTeamId,
    receiving_user_id: packet.owners.receivingUserId,
    receiving_team_id: packet.owners.receivingTeamId,
    completeness: score.score,
    exit_met: score.exitMet,
    sla_state: summary.slaState,
    due_soon_at: summary.dueSoonAt,
    next_deadline: summary.nextDeadline,
    submitted_at: milestones.submittedAt,
    accepted_at: milestones.acceptedAt,
    kickoff_at: milestones.kickoffAt,
    first_value_at: milestones.firstValueAt,
    closed_at: milestones.closedAt,
    next_action_at: nextActionAt,
    submit_criteria_met: improve.submitCriteriaMet,
    submit_completeness: improve.submitCompleteness,
    returned_at: improve.returnedAt,
    sla_outcome: improve.slaOutcome,
    created_at: packet.createdAt,
    updated_at: packet.updatedAt,
  };
}

/** Its record links: rows of records it no longer links go, new ones come, unchanged ones stay as they are. */
function recordRows(packet: Packet) {
  return packet.records.map((record) => ({
    packet_id: packet.id,
    system: record.system,
    instance: record.instance,
    object_kind: record.objectKind,
    record_id: record.id,
    handoff_point: packet.handoffPoint,
    open: packet.status !== 'closed',
  }));
}

function eventRow(event: HistoryEvent) {
  return {
    packet_id: event.packetId,
    seq: event.seq,
    type: event.type,
    at: event.at,
    actor_id: event.actorId,
    data: event.data,
  };
}

/** What was handed over, exactly, and by which playbook version it was judged. */
function snapshotRows({ packet, events }: ChangedPacket, playbookVersion: number) {
  return events
    .filter((event) => event.type === 'submitted' || event.type === 'accepted')
    .map((event) => ({
      packet_id: packet.id,
      seq: event.seq,
      kind: event.type,
      packet,
      playbook_version: playbookVersion,
      taken_at: event.at,
    }));
}
