import type { CrmEvent, CrmEventReceipt } from '../../lib/crm-events';
import type { Database } from '../db/connection';
import { inWorkspace, type Tx } from '../db/workspace-transaction';
import { commitChanges } from '../sync/commit-changes';
import { scheduleEventTypes } from '../sync/packet-store';
import { newestPlaybookSeen, playbookVersion } from '../sync/playbook-store';
import { type AppliedEvent, applyCrmEvent } from './apply';
import type { LiveSource } from './sources';
import { loadEventTargets, type StoredOutcome } from './targets';

/**
 * Applies a verified event once, in one transaction with the row that records it. An id received before
 * is answered with what it did then, and changes nothing. Two deliveries of one id at once: the second
 * waits on the first's locks or its row, fails on the unique key when the first commits, and its retry
 * (inWorkspace retries unique violations) finds the stored outcome.
 */
export async function receiveCrmEvent(
  db: Database,
  source: LiveSource,
  event: CrmEvent,
  now: Date = new Date(),
): Promise<CrmEventReceipt> {
  const { workspaceId } = source;
  return inWorkspace(db, workspaceId, async (tx) => {
    // The history to read depends on the playbook, whose version comes back with the locks: read by the
    // newest this process has seen, and read again in the rare case that it changed since (as push does).
    const assumed = newestPlaybookSeen(workspaceId);
    let targets = await loadEventTargets(tx, workspaceId, event, scheduleEventTypes(assumed));
    if (targets.stored) return receipt(event, targets.stored, true);
    const playbook = await playbookVersion(tx, workspaceId, targets.playbookVersion);
    if (playbook.version !== assumed.version)
      targets = await loadEventTargets(tx, workspaceId, event, scheduleEventTypes(playbook));
    const applied = applyCrmEvent(event, {
      sourceId: source.id,
      packets: targets.packets,
      owner: targets.owner,
      playbook,
      now,
    });
    await commitChanges(tx, {
      workspaceId,
      client: null,
      changed: applied.changed,
      aliases: new Map(),
      rejections: [],
      playbook,
      now,
    });
    await recordReceived(tx, workspaceId, source.id, event, applied, now);
    return receipt(event, applied, false);
  });
}

/** The received event's row; after the packets it names, which it references. */
async function recordReceived(
  tx: Tx,
  workspaceId: string,
  sourceId: string,
  event: CrmEvent,
  applied: AppliedEvent,
  now: Date,
): Promise<void> {
  const { record } = event;
  await tx.query(
    `INSERT INTO crm_events (workspace_id, id, source_id, type, system, instance, object_kind, record_id,
       occurred_at, received_at, outcome, packet_id, detail, event)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      workspaceId,
      event.id,
      sourceId,
      event.type,
      record.system,
      record.instance,
      record.objectKind,
      record.id,
      event.occurredAt,
      now,
      applied.outcome,
      applied.packetId,
      applied.detail,
      JSON.stringify(event),
    ],
  );
}

function receipt(event: CrmEvent, outcome: StoredOutcome, replayed: boolean): CrmEventReceipt {
  return {
    id: event.id,
    outcome: outcome.outcome,
    ...(outcome.packetId === null ? {} : { packetId: outcome.packetId }),
    ...(outcome.detail === null ? {} : { detail: outcome.detail }),
    replayed,
  };
}
