import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import type { Packet } from '../../lib/handoff/packet';
import { reassignChoices, type Side } from '../../lib/panel/reassign-choices';
import { testDirectory } from '../support/directory';
import { actors, apply, context, must, salesforceOpportunity } from '../support/domain';
import { packetId } from '../support/packets';

/** A rep's Sales → CS packet; `receivingTeamId` null as one started in the panel. */
function repPacket(receivingTeamId: string | null): Packet {
  const args = { packetId, handoffPoint: 'sales_to_cs', record: salesforceOpportunity, receivingTeamId };
  return must(null, 'createPacket', args, context(actors.rep));
}

const offered = (actor: Actor, packet: Packet, side: Side) =>
  reassignChoices(actor, packet, side, testDirectory).people.map(({ person, teamId }) => [person.id, teamId]);

describe('whom a side of a packet may be handed to', () => {
  it("offers the giver's manager the side's team, without its owner", () => {
    expect(offered(actors.salesManager, repPacket('t-cs'), 'giving')).toEqual([
      [actors.otherRep.userId, 't-sales'],
      [actors.salesManager.userId, 't-sales'],
    ]);
  });

  it("offers the receiving side's team, or every team of the receiving function when the packet names none", () => {
    expect(offered(actors.admin, repPacket('t-cs'), 'receiving')).toEqual(
      offered(actors.admin, repPacket(null), 'receiving'),
    );
    expect(offered(actors.admin, repPacket(null), 'receiving')).toEqual([
      [actors.csm.userId, 't-cs'],
      [actors.otherCsm.userId, 't-cs'],
      [actors.csManager.userId, 't-cs'],
    ]);
  });

  it('lets a receiving-team member only take an unowned receiving side, and nothing once it is owned', () => {
    const unowned = repPacket(null);
    expect(reassignChoices(actors.csm, unowned, 'receiving', testDirectory)).toMatchObject({
      claimOnly: true,
    });
    expect(offered(actors.csm, unowned, 'receiving')).toEqual([[actors.csm.userId, 't-cs']]);
    expect(offered(actors.csm, unowned, 'giving')).toEqual([]);

    const owned = must(
      unowned,
      'reassign',
      { packetId, side: 'receiving', userId: actors.otherCsm.userId, teamId: 't-cs' },
      context(actors.admin),
    );
    expect(offered(actors.csm, owned, 'receiving')).toEqual([]);
  });

  it('offers nothing to people of no part in it, nor on a closed packet, as the mutator refuses them', () => {
    const packet = repPacket('t-cs');
    for (const outsider of [actors.support, actors.marketer, actors.otherRep])
      for (const side of ['giving', 'receiving'] as const) {
        expect(offered(outsider, packet, side)).toEqual([]);
        const tried = apply(
          packet,
          'reassign',
          { packetId, side, userId: outsider.userId, teamId: null },
          context(outsider),
        );
        expect(tried).toMatchObject({ ok: false, code: 'forbidden' });
      }
    const closed = must(
      packet,
      'transition',
      { packetId, transition: 'close', reason: 'Lost' },
      context(actors.admin),
    );
    expect(offered(actors.admin, closed, 'giving')).toEqual([]);
  });
});
