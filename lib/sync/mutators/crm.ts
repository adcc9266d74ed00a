import type { Actor } from '../../handoff/actor';
import type { FieldValueInput } from '../../handoff/fields';
import type { Packet } from '../../handoff/packet';
import { setField } from './fields';
import { andThen, commit, type MutationResult, type MutatorContext, requireEditable } from './result';

/** Starts the user id of a CRM event source's actor: `integration:<sourceId>`. */
export const integrationActorPrefix = 'integration:';

/**
 * Who applies a CRM's events (POST /v1/events): the signing source, acting with an admin's reach on the
 * packet, as the SLA sweeper does. The id names the source, so the history says which workflow it was.
 */
export function integrationActor(sourceId: string): Actor {
  return {
    userId: `${integrationActorPrefix}${sourceId}`,
    role: 'admin',
    teamIds: [],
    managedTeamIds: [],
    teamFunctions: {},
  };
}

/**
 * Writes what the CRM says of the deal into the packet's fields as values from the CRM. The CRM is the
 * record of the deal, so its word replaces the current value (the history keeps the one before).
 */
export function writeCrmFacts(
  packet: Packet | null,
  facts: Readonly<Record<string, FieldValueInput>>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  let result = commit(editable, [], ctx);
  for (const [field, value] of Object.entries(facts))
    result = andThen(result, (current) =>
      setField(
        current,
        { packetId: current.id, field, value, baseRev: current.fields[field]?.rev ?? null, source: 'crm' },
        ctx,
      ),
    );
  return result;
}

export interface ClosedWonArgs {
  crmEventId: string;
  sourceId: string;
  /** When the CRM says the deal was won; the clock starts when Baton hears of it. */
  occurredAt: string;
  /** The deal's stage, amount and close date as packet fields (see dealFacts). */
  facts: Readonly<Record<string, FieldValueInput>>;
  recordUrl?: string;
}

/**
 * Records that the CRM reported the deal won: its facts written into the packet, then a `closed_won`
 * event, which is what the playbook's kickoff-from-close clock starts at. Only the API runs it, for a
 * signed CRM event: no client can push it.
 */
export function recordClosedWon(
  packet: Packet | null,
  args: ClosedWonArgs,
  ctx: MutatorContext,
): MutationResult {
  const { crmEventId, sourceId, occurredAt, facts, recordUrl } = args;
  const data: Record<string, unknown> = { crmEventId, sourceId, occurredAt };
  if (facts['deal.stage'] !== undefined) data.stage = facts['deal.stage'];
  if (facts['deal.amount'] !== undefined) data.amount = facts['deal.amount'];
  if (facts['keyDates.close'] !== undefined) data.closeDate = facts['keyDates.close'];
  if (recordUrl !== undefined) data.recordUrl = recordUrl;
  return andThen(writeCrmFacts(packet, facts, ctx), (written) =>
    commit(written, [{ type: 'closed_won', data }], ctx),
  );
}
