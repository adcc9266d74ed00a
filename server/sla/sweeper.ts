import type { HistoryEvent } from '../../lib/handoff/history';
import type { Owners, Packet } from '../../lib/handoff/packet';
import { calendarForPolicy, type Playbook, type SlaPolicy } from '../../lib/handoff/playbook';
import { slaCycleKey } from '../../lib/handoff/sla-clock';
import { nextSlaActionAt, nextSlaStep, type SlaStep } from '../../lib/handoff/sla-steps';
import { slaActor, takeSlaStep } from '../../lib/sync/mutators/sla';
import type { Database } from '../db/connection';
import { inWorkspace, type Tx } from '../db/workspace-transaction';
import { type ChangedPacket, commitChanges, type TakenSlaStep } from '../sync/commit-changes';
import { type EventRow, historiesOf, scheduleEventTypes } from '../sync/packet-store';
import { playbookVersion } from '../sync/playbook-store';
import { fallbackOwner } from './fallback-owner';

export interface SweepResult {
  /** Packets whose next step had come due and were looked at. */
  packets: number;
  /** Steps recorded in histories (skipped ones not counted). */
  steps: number;
}

const defaultBatchSize = 500;

/**
 * Takes the SLA steps that have come due at `now` in every workspace: for each packet whose next step
 * is due, one step (a catch-up after downtime takes the latest and stands for the rest), recorded in its
 * history by the same mutator everywhere, in batches of one transaction each. Packets another sweeper
 * (or a push) holds are skipped, not waited for: they are that one's to do, or the next sweep's.
 */
export async function sweepSlas(
  db: Database,
  now: Date = new Date(),
  batchSize = defaultBatchSize,
): Promise<SweepResult> {
  // As the table owner, outside any workspace: which workspaces have anything due at all.
  const workspaces = await db.query<{ id: string }>(
    `SELECT w.id FROM workspaces w
      WHERE EXISTS (SELECT 1 FROM packets p
                     WHERE p.workspace_id = w.id AND p.status <> 'closed' AND p.next_action_at < $1)`,
    [now],
  );
  const total: SweepResult = { packets: 0, steps: 0 };
  for (const { id } of workspaces) {
    for (;;) {
      const batch = await inWorkspace(db, id, (tx) => sweepBatch(tx, id, now, batchSize));
      total.packets += batch.packets;
      total.steps += batch.steps;
      // A batch that only rescheduled (a playbook changed under its rows) leaves the rest to the next sweep.
      if (batch.packets < batchSize || batch.steps === 0) break;
    }
  }
  return total;
}

async function sweepBatch(tx: Tx, workspaceId: string, now: Date, limit: number): Promise<SweepResult> {
  const [locked] = await tx.query<{ playbook_version: number | null; packets: Packet[] }>(
    `WITH due AS (
       SELECT p.document FROM packets p
        WHERE p.workspace_id = $1 AND p.status <> 'closed' AND p.next_action_at < $2
        ORDER BY p.next_action_at
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     )
     SELECT (SELECT max(version) FROM playbooks WHERE workspace_id = $1) AS playbook_version,
            coalesce((SELECT jsonb_agg(document) FROM due), '[]'::jsonb) AS packets`,
    [workspaceId, now, limit],
  );
  const packets = locked?.packets ?? [];
  if (packets.length === 0) return { packets: 0, steps: 0 };
  const playbook = await playbookVersion(tx, workspaceId, locked?.playbook_version ?? null);
  const histories = await scheduleHistories(tx, workspaceId, packets, playbook);
  const owners = await fallbackOwner(tx, workspaceId, playbook);

  const changed: ChangedPacket[] = [];
  const taken: TakenSlaStep[] = [];
  const rescheduled: { id: string; nextActionAt: string | null }[] = [];
  for (const packet of packets) {
    const history = histories.get(packet.id) ?? [];
    const policies = playbook.handoffPoints[packet.handoffPoint].slas;
    const calendarFor = (policy: SlaPolicy, sides: Owners) => calendarForPolicy(playbook, policy, sides);
    const schedule = { policies, events: history, owners: packet.owners, calendarFor };
    const step = nextSlaStep(schedule, now);
    if (!step) {
      // Nothing due after all (the playbook changed since the row was written): look again when it says.
      rescheduled.push({ id: packet.id, nextActionAt: nextSlaActionAt(schedule, now) });
      continue;
    }
    const policy = policies.find((candidate) => candidate.id === step.policyId);
    const result = takeSlaStep(
      packet,
      {
        step,
        label: policy?.label ?? step.policyId,
        ...reassignment(step, packet, owners),
      },
      { actor: slaActor, now: now.toISOString(), playbook, writeId: `sla/${step.action.key}` },
    );
    if (!result.ok) throw new Error(`SLA step ${step.action.key} on ${packet.id}: ${result.message}`);
    changed.push({
      packet: result.packet,
      events: result.events,
      scheduleEvents: [...history, ...result.events],
    });
    taken.push(...stepRows(packet.id, step, result.events[0]?.seq ?? null));
  }
  if (rescheduled.length > 0)
    await tx.query(
      `UPDATE packets p SET next_action_at = r.next_action_at
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, next_action_at timestamptz)
        WHERE p.workspace_id = $1 AND p.id = r.id`,
      [
        workspaceId,
        JSON.stringify(rescheduled.map(({ id, nextActionAt }) => ({ id, next_action_at: nextActionAt }))),
      ],
    );
  await commitChanges(tx, {
    workspaceId,
    client: null,
    changed,
    aliases: new Map(),
    rejections: [],
    slaSteps: taken,
    playbook,
    now,
  });
  return { packets: packets.length, steps: changed.length };
}

/** The events of each packet that its SLA clocks and steps read, in order. */
async function scheduleHistories(
  tx: Tx,
  workspaceId: string,
  packets: readonly Packet[],
  playbook: Playbook,
): Promise<Map<string, HistoryEvent[]>> {
  const rows = await tx.query<EventRow>(
    `SELECT packet_id, seq, type, at, actor_id, data FROM events
      WHERE workspace_id = $1 AND packet_id = ANY($2::uuid[]) AND type = ANY($3::text[])
      ORDER BY packet_id, seq`,
    [workspaceId, packets.map((packet) => packet.id), scheduleEventTypes(playbook)],
  );
  return historiesOf(rows);
}

/** Who a `reassign` step hands the side to: its fallback person when they are in the workspace, else its team. */
function reassignment(
  step: SlaStep,
  packet: Packet,
  owners: Awaited<ReturnType<typeof fallbackOwner>>,
): { reassignTo?: { userId: string | null; teamId: string | null } } {
  const { action } = step;
  if (action.kind !== 'escalated' || action.action !== 'reassign') return {};
  const reassignTo = owners(packet, step.side, action.fallbackUserId);
  return reassignTo ? { reassignTo } : {};
}

/** The step taken and those it stands for, as sla_steps rows. */
function stepRows(packetId: string, step: SlaStep, seq: number | null): TakenSlaStep[] {
  const prefix = `${slaCycleKey(step.policyId, step.cycleStart)}:`;
  const row = (key: string, recorded: number | null): TakenSlaStep => ({
    packetId,
    policyId: step.policyId,
    cycleStart: step.cycleStart,
    step: key.startsWith(prefix) ? key.slice(prefix.length) : key,
    seq: recorded,
  });
  return [row(step.action.key, seq), ...step.skipped.map((key) => row(key, null))];
}
