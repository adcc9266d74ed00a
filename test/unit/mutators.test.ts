import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import { liveItems, type Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import type { MutationName } from '../../lib/sync/mutations';
import type { MutatorContext } from '../../lib/sync/mutators';
import { integrationActor, recordClosedWon } from '../../lib/sync/mutators/crm';
import { actors, apply, context, must, salesforceOpportunity } from '../support/domain';
import { newPacket, packetId } from '../support/packets';

type Mutation = { name: MutationName; args: Record<string, unknown>; ctx: MutatorContext };

/** Applies mutations in order; refused ones change nothing, as on the server. */
function applyAll(start: Packet, mutations: readonly Mutation[]): Packet {
  return mutations.reduce((packet, { name, args, ctx }) => {
    const result = apply(packet, name, args, ctx);
    return result.ok ? result.packet : packet;
  }, start);
}

/** What people see: values and live items, not bookkeeping such as seq or updatedAt. */
function visible(packet: Packet) {
  const lists = Object.fromEntries(
    Object.keys(packet.lists).map((list) => [
      list,
      liveItems(packet, list)
        .map((item) => ({ id: item.id, fields: item.fields }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ]),
  );
  return { fields: packet.fields, lists, records: packet.records, status: packet.status };
}

const textFields = [
  'decisionNotes',
  'lead.intent',
  'successPlan.summary',
  'scope.exclusions',
  'support.openIssues',
];

describe('setField', () => {
  it('writes a value with its provenance and revision', () => {
    const ctx = context(actors.rep, '2026-11-03T08:00:00.000Z');
    const packet = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'scope.seats', value: 50, baseRev: null },
      ctx,
    );
    expect(packet.fields['scope.seats']).toEqual({
      value: 50,
      rev: ctx.writeId,
      setBy: 'u-rep',
      setAt: '2026-11-03T08:00:00.000Z',
      source: 'typed',
    });
  });

  it('overwrites a value the writer has seen, as an ordinary edit', () => {
    const first = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'decisionNotes', value: 'one', baseRev: null },
      context(actors.rep),
    );
    const seen = first.fields.decisionNotes?.rev;
    const second = must(
      first,
      'setField',
      { packetId, field: 'decisionNotes', value: 'two', baseRev: seen },
      context(actors.csManager),
    );
    expect(second.fields.decisionNotes?.value).toBe('two');
    expect(second.conflicts).toEqual([]);
  });

  it('turns a concurrent unseen change into a conflict that keeps both values', () => {
    const start = newPacket('sales_to_cs');
    const mine = context(actors.rep);
    const theirs = context(actors.salesManager);
    const first = must(
      start,
      'setField',
      { packetId, field: 'decisionNotes', value: 'mine', baseRev: null },
      mine,
    );
    const second = must(
      first,
      'setField',
      { packetId, field: 'decisionNotes', value: 'theirs', baseRev: null },
      theirs,
    );
    expect(second.fields.decisionNotes?.value).toBe('mine');
    expect(second.conflicts).toHaveLength(1);
    expect(second.conflicts[0]?.kept.value).toBe('mine');
    expect(second.conflicts[0]?.proposed).toMatchObject({ value: 'theirs', setBy: 'u-sales-manager' });
  });

  it('is not fooled by equal revision counters: a second edit on each side still conflicts', () => {
    // Each person's second edit is based on their own first one; neither has seen the other's.
    let packet = newPacket('sales_to_cs');
    const a1 = context(actors.rep, undefined, 'client-a');
    packet = must(packet, 'setField', { packetId, field: 'decisionNotes', value: 'A1', baseRev: null }, a1);
    const b1 = context(actors.salesManager, undefined, 'client-b');
    packet = must(packet, 'setField', { packetId, field: 'decisionNotes', value: 'B1', baseRev: null }, b1);
    const b2 = context(actors.salesManager, undefined, 'client-b');
    packet = must(
      packet,
      'setField',
      { packetId, field: 'decisionNotes', value: 'B2', baseRev: b1.writeId },
      b2,
    );
    expect(packet.fields.decisionNotes?.value).toBe('A1');
    expect(packet.conflicts.map((conflict) => conflict.proposed.value)).toEqual(['B1', 'B2']);
  });

  it('changes nothing when the value is already there', () => {
    const start = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'decisionNotes', value: 'same', baseRev: null },
      context(actors.rep),
    );
    const result = apply(
      start,
      'setField',
      { packetId, field: 'decisionNotes', value: 'same', baseRev: 'stale/9' },
      context(actors.salesManager),
    );
    expect(result.ok && result.events).toEqual([]);
  });

  it('stores a blank text as cleared', () => {
    const start = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'decisionNotes', value: 'words', baseRev: null },
      context(actors.rep),
    );
    const cleared = must(
      start,
      'setField',
      { packetId, field: 'decisionNotes', value: '   ', baseRev: start.fields.decisionNotes?.rev },
      context(actors.rep),
    );
    expect(cleared.fields.decisionNotes?.value).toBeNull();
  });

  it.each([
    [{ field: 'no.such.field', value: 'x' }, 'unknown field'],
    [{ field: 'keyDates.close', value: '2026-02-30' }, 'YYYY-MM-DD'],
    [{ field: 'scope.seats', value: 2.5 }, 'whole number'],
    [{ field: 'scope.arr', value: -1 }, 'at least 0'],
    [{ field: 'support.entitlement', value: 'gold' }, 'one of'],
    [{ field: 'decisionNotes', value: 'x'.repeat(10_001) }, 'longer than'],
    [{ field: 'customer.domain', value: 'not a domain!!' }, 'must be a web domain, as acme.com'],
    [{ field: 'customer.domain', value: 'https://acme.com/' }, 'must be a web domain'],
    [{ field: 'customer.domain', value: 'acme' }, 'must be a web domain'],
  ])('refuses a bad value %j', (args, message) => {
    const result = apply(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, baseRev: null, ...args },
      context(actors.rep),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('invalid_value');
      expect(result.message).toContain(message);
    }
  });

  it('refuses malformed arguments with their path', () => {
    const result = apply(
      newPacket('sales_to_cs'),
      'setField',
      { packetId: 'nope', field: 'decisionNotes' },
      context(actors.rep),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('invalid_args');
      expect(result.message).toMatch(/packetId/);
      expect(result.message).toMatch(/baseRev/);
    }
  });
});

describe('resolveConflict', () => {
  function conflicted() {
    const first = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'decisionNotes', value: 'mine', baseRev: null },
      context(actors.rep),
    );
    return must(
      first,
      'setField',
      { packetId, field: 'decisionNotes', value: 'theirs', baseRev: null },
      context(actors.salesManager),
    );
  }

  it('keeps the proposed value, still attributed to its author', () => {
    const packet = conflicted();
    const conflictId = packet.conflicts[0]?.id;
    const resolved = must(
      packet,
      'resolveConflict',
      { packetId, conflictId, keep: 'proposed' },
      context(actors.rep),
    );
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.fields.decisionNotes).toMatchObject({ value: 'theirs', setBy: 'u-sales-manager' });
  });

  it('keeps the current value', () => {
    const packet = conflicted();
    const conflictId = packet.conflicts[0]?.id;
    const resolved = must(
      packet,
      'resolveConflict',
      { packetId, conflictId, keep: 'kept' },
      context(actors.rep),
    );
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.fields.decisionNotes?.value).toBe('mine');
  });
});

describe('list items', () => {
  const add = (packet: Packet, itemId: string, values: Record<string, unknown>, ctx = context(actors.rep)) =>
    must(packet, 'addItem', { packetId, list: 'risks', itemId, values }, ctx);

  it('adds, updates and removes items, keeping a tombstone', () => {
    let packet = add(newPacket('sales_to_cs'), 'r1', { text: 'Champion leaves', severity: 'high' });
    const rev = packet.lists.risks?.[0]?.fields.severity?.rev;
    packet = must(
      packet,
      'updateItem',
      { packetId, list: 'risks', itemId: 'r1', field: 'severity', value: 'low', baseRev: rev },
      context(actors.rep),
    );
    expect(liveItems(packet, 'risks')[0]?.fields.severity?.value).toBe('low');
    packet = must(packet, 'removeItem', { packetId, list: 'risks', itemId: 'r1' }, context(actors.rep));
    expect(liveItems(packet, 'risks')).toEqual([]);
    const late = apply(
      packet,
      'updateItem',
      { packetId, list: 'risks', itemId: 'r1', field: 'text', value: 'x', baseRev: null },
      context(actors.rep),
    );
    expect(late.ok ? 'ok' : late.code).toBe('not_found');
  });

  it('treats a repeated add of the same item id as already done', () => {
    const once = add(newPacket('sales_to_cs'), 'r1', { text: 'Risk' });
    const twice = apply(
      once,
      'addItem',
      { packetId, list: 'risks', itemId: 'r1', values: { text: 'Risk' } },
      context(actors.rep),
    );
    expect(twice.ok && twice.events).toEqual([]);
  });

  it('refuses unknown lists and item fields', () => {
    const unknownList = apply(
      newPacket('sales_to_cs'),
      'addItem',
      { packetId, list: 'nope', itemId: 'x', values: {} },
      context(actors.rep),
    );
    expect(unknownList.ok ? 'ok' : unknownList.code).toBe('invalid_value');
    const unknownField = apply(
      newPacket('sales_to_cs'),
      'addItem',
      { packetId, list: 'risks', itemId: 'x', values: { colour: 'red' } },
      context(actors.rep),
    );
    expect(unknownField.ok ? 'ok' : unknownField.message).toContain('unknown field');
  });
});

describe('records', () => {
  const zendeskOrg: RecordKey = {
    system: 'zendesk',
    instance: 'acme-help',
    objectKind: 'account',
    id: '360001',
  };

  it("links another tool's record once, and never unlinks the last one", () => {
    let packet = must(
      newPacket('sales_to_cs'),
      'linkRecord',
      { packetId, record: zendeskOrg },
      context(actors.rep),
    );
    packet = must(packet, 'linkRecord', { packetId, record: zendeskOrg }, context(actors.rep));
    expect(packet.records).toEqual([salesforceOpportunity, zendeskOrg]);
    packet = must(packet, 'unlinkRecord', { packetId, record: salesforceOpportunity }, context(actors.rep));
    const last = apply(packet, 'unlinkRecord', { packetId, record: zendeskOrg }, context(actors.rep));
    expect(last.ok ? 'ok' : last.message).toContain('at least one record');
  });

  it('joins whoever links their record to a packet they had no part in, so they follow and work on it', () => {
    const support = { ...actors.support, userId: 'u-support-2' };
    const before = apply(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'decisionNotes', value: 'x', baseRev: null },
      context(support),
    );
    expect(before.ok ? 'ok' : before.code).toBe('forbidden');

    const result = apply(
      newPacket('sales_to_cs'),
      'linkRecord',
      { packetId, record: zendeskOrg },
      context(support),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.packet.records).toEqual([salesforceOpportunity, zendeskOrg]);
    expect(result.packet.contributors).toEqual([support.userId]);
    expect(result.events.map((event) => event.type)).toEqual(['joined', 'linked']);
    must(
      result.packet,
      'setField',
      { packetId, field: 'decisionNotes', value: 'x', baseRev: null },
      context(support),
    );

    // An owner linking stays an owner; linking a record already there changes nothing.
    const byOwner = apply(
      newPacket('sales_to_cs'),
      'linkRecord',
      { packetId, record: zendeskOrg },
      context(actors.rep),
    );
    expect(byOwner.ok && byOwner.packet.contributors).toBeFalsy();
    const again = apply(result.packet, 'linkRecord', { packetId, record: zendeskOrg }, context(actors.csm));
    expect(again.ok && again.events).toEqual([]);
  });

  it('links nothing to a closed packet', () => {
    const closed = must(
      newPacket('sales_to_cs'),
      'transition',
      { packetId, transition: 'close', reason: 'duplicate' },
      context(actors.admin),
    );
    const result = apply(closed, 'linkRecord', { packetId, record: zendeskOrg }, context(actors.admin));
    expect(result.ok ? 'ok' : result.code).toBe('invalid_status');
  });
});

describe('createPacket', () => {
  it('makes the creator the giving owner and prefills from the CRM, marked as such', () => {
    const ctx = context(actors.rep);
    const packet = must(
      null,
      'createPacket',
      {
        packetId,
        handoffPoint: 'sales_to_cs',
        record: salesforceOpportunity,
        prefill: { 'customer.name': 'Acme', 'deal.amount': 5000 },
      },
      ctx,
    );
    expect(packet.owners).toEqual({
      givingUserId: 'u-rep',
      givingTeamId: 't-sales',
      receivingUserId: null,
      receivingTeamId: null,
    });
    expect(packet.fields['customer.name']).toMatchObject({ value: 'Acme', source: 'crm' });
    expect(packet.status).toBe('draft');
  });

  it('joins the open packet of the same record: prefill fills only what is empty, nothing typed is lost', () => {
    const existing = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'customer.name', value: 'Acme Corporation', baseRev: null },
      context(actors.rep),
    );
    const result = apply(
      existing,
      'createPacket',
      {
        packetId: '01933b6e-8f00-7000-8000-0000000000ff',
        handoffPoint: 'sales_to_cs',
        record: salesforceOpportunity,
        prefill: { 'customer.name': 'Acme', 'deal.stage': 'Closed Won' },
      },
      context(actors.otherRep),
    );
    expect(result.ok && result.joined).toBe(true);
    if (!result.ok) return;
    expect(result.packet.id).toBe(packetId);
    expect(result.packet.fields['customer.name']?.value).toBe('Acme Corporation');
    expect(result.packet.fields['deal.stage']?.value).toBe('Closed Won');
  });
});

describe('recordClosedWon (a CRM event, server-only)', () => {
  const crm = (now = '2026-11-04T09:00:00.000Z') => ({
    ...context(integrationActor('es_flow'), now),
    writeId: 'crm/evt-1',
  });
  const won = {
    crmEventId: 'evt-1',
    sourceId: 'es_flow',
    occurredAt: '2026-11-04T08:59:00.000Z',
    facts: { 'deal.stage': 'Closed Won', 'deal.amount': 96_000, 'keyDates.close': '2026-11-04' },
  };

  it("writes the deal's facts as the CRM's, replacing what was typed, then records closed_won", () => {
    const typed = must(
      newPacket('sales_to_cs'),
      'setField',
      { packetId, field: 'keyDates.close', value: '2026-10-31', baseRev: null },
      context(actors.rep),
    );
    const result = recordClosedWon(typed, won, crm());
    if (!result.ok) throw new Error(result.message);
    expect(result.packet.fields['keyDates.close']).toMatchObject({
      value: '2026-11-04',
      source: 'crm',
      setBy: 'integration:es_flow',
    });
    expect(result.packet.conflicts).toEqual([]);
    expect(result.events.map((event) => [event.type, event.data.field ?? null])).toEqual([
      ['field_set', 'deal.stage'],
      ['field_set', 'deal.amount'],
      ['field_set', 'keyDates.close'],
      ['closed_won', null],
    ]);
    expect(result.events[2]?.data.previous).toBe('2026-10-31');
    expect(result.events.map((event) => event.seq)).toEqual([1, 2, 3, 4].map((n) => typed.seq + n));
    expect(result.events.at(-1)).toMatchObject({
      actorId: 'integration:es_flow',
      data: {
        crmEventId: 'evt-1',
        sourceId: 'es_flow',
        stage: 'Closed Won',
        amount: 96_000,
        closeDate: '2026-11-04',
      },
    });
  });

  it('writes no fact twice: facts already so leave only the closed_won event', () => {
    const first = recordClosedWon(newPacket('sales_to_cs'), won, crm());
    if (!first.ok) throw new Error(first.message);
    const again = recordClosedWon(first.packet, { ...won, crmEventId: 'evt-2' }, crm());
    expect(again.ok && again.events.map((event) => event.type)).toEqual(['closed_won']);
  });

  it('changes no closed packet', () => {
    const closed: Packet = { ...newPacket('sales_to_cs'), status: 'closed' };
    expect(recordClosedWon(closed, won, crm())).toMatchObject({ ok: false, code: 'invalid_status' });
    expect(recordClosedWon(null, won, crm())).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('joining', () => {
  const otherId = '01933b6e-8f00-7000-8000-0000000000fe';
  const join = (packet: Packet, actor: Actor) =>
    apply(
      packet,
      'createPacket',
      { packetId: otherId, handoffPoint: 'sales_to_cs', record: salesforceOpportunity },
      context(actor),
    );

  it('lets somebody who started the same packet offline keep editing it, recorded in the history', () => {
    const joined = join(newPacket('sales_to_cs'), actors.otherRep);
    expect(joined.ok && joined.events.map((event) => event.type)).toEqual(['joined']);
    if (!joined.ok) return;
    expect(joined.packet.contributors).toEqual([actors.otherRep.userId]);
    const edit = apply(
      joined.packet,
      'setField',
      { packetId, field: 'decisionNotes', value: 'Typed offline', baseRev: null },
      context(actors.otherRep),
    );
    expect(edit.ok).toBe(true);
    const submit = apply(
      joined.packet,
      'transition',
      { packetId, transition: 'submit' },
      context(actors.otherRep),
    );
    expect(submit.ok ? 'ok' : submit.code).not.toBe('ok');
  });

  it('adds nobody who may already edit', () => {
    const joined = join(newPacket('sales_to_cs'), actors.salesManager);
    expect(joined.ok && joined.events).toEqual([]);
    expect(joined.ok && joined.packet.contributors).toBeUndefined();
  });
});

describe('concurrent edits from two clients', () => {
  const value = fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== '');
  const edit = (fields: string[]) => fc.record({ field: fc.constantFrom(...fields), value });

  it('converge in either order when they touch different fields', () => {
    fc.assert(
      fc.property(
        fc.array(edit(textFields.slice(0, 2)), { maxLength: 6 }),
        fc.array(edit(textFields.slice(2)), { maxLength: 6 }),
        (editsA, editsB) => {
          const start = newPacket('sales_to_cs');
          const asMutations = (edits: typeof editsA, actor: Actor = actors.rep, client = 'a'): Mutation[] => {
            const seen = new Map<string, string | null>();
            return edits.map(({ field, value }) => {
              const ctx = context(actor, '2026-11-02T10:00:00.000Z', client);
              const mutation = {
                name: 'setField' as const,
                args: { packetId, field, value, baseRev: seen.get(field) ?? null },
                ctx,
              };
              seen.set(field, ctx.writeId);
              return mutation;
            });
          };
          const a = asMutations(editsA);
          const b = asMutations(editsB, actors.salesManager, 'b');
          const ab = applyAll(start, [...a, ...b]);
          const ba = applyAll(start, [...b, ...a]);
          expect(visible(ab)).toEqual(visible(ba));
          expect(ab.conflicts).toEqual([]);
        },
      ),
      { seed: 20261125, numRuns: 200 },
    );
  });

  it('conflict in either order when they change the same field differently', () => {
    fc.assert(
      fc.property(value, value, (mine, theirs) => {
        fc.pre(mine.trim() !== theirs.trim());
        const start = newPacket('sales_to_cs');
        const a = {
          name: 'setField' as const,
          args: { packetId, field: 'decisionNotes', value: mine, baseRev: null },
          ctx: context(actors.rep, undefined, 'a'),
        };
        const b = {
          name: 'setField' as const,
          args: { packetId, field: 'decisionNotes', value: theirs, baseRev: null },
          ctx: context(actors.salesManager, undefined, 'b'),
        };
        for (const [first, second] of [
          [a, b],
          [b, a],
        ] as const) {
          const packet = applyAll(start, [first, second]);
          expect(packet.conflicts).toHaveLength(1);
          const conflict = packet.conflicts[0];
          expect(new Set([conflict?.kept.value, conflict?.proposed.value])).toEqual(new Set([mine, theirs]));
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('converge when both add items, and when one removes what the other updates', () => {
    const start = must(
      newPacket('sales_to_cs'),
      'addItem',
      { packetId, list: 'risks', itemId: 'shared', values: { text: 'Shared risk' } },
      context(actors.rep),
    );
    const rev = start.lists.risks?.[0]?.fields.text?.rev;
    const a: Mutation[] = [
      {
        name: 'addItem',
        args: { packetId, list: 'risks', itemId: 'a1', values: { text: 'From A' } },
        ctx: context(actors.rep, undefined, 'a'),
      },
      {
        name: 'removeItem',
        args: { packetId, list: 'risks', itemId: 'shared' },
        ctx: context(actors.rep, undefined, 'a'),
      },
    ];
    const b: Mutation[] = [
      {
        name: 'addItem',
        args: { packetId, list: 'risks', itemId: 'b1', values: { text: 'From B' } },
        ctx: context(actors.salesManager, undefined, 'b'),
      },
      {
        name: 'updateItem',
        args: { packetId, list: 'risks', itemId: 'shared', field: 'text', value: 'Edited', baseRev: rev },
        ctx: context(actors.salesManager, undefined, 'b'),
      },
    ];
    expect(visible(applyAll(start, [...a, ...b]))).toEqual(visible(applyAll(start, [...b, ...a])));
    expect(
      liveItems(applyAll(start, [...a, ...b]), 'risks')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['a1', 'b1']);
  });
});
