import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { deriveStatus, type HistoryEvent } from '../../lib/handoff/history';
import { type Packet, Status } from '../../lib/handoff/packet';
import { actors, apply, context, must } from '../support/domain';
import { fullPacket, newPacket, packetId } from '../support/packets';

type TransitionName =
  | 'submit'
  | 'accept'
  | 'return'
  | 'reopen'
  | 'hold_kickoff'
  | 'reach_first_value'
  | 'close';

function act(packet: Packet, transition: TransitionName, actor: Actor, reason?: string) {
  return apply(packet, 'transition', { packetId, transition, ...(reason ? { reason } : {}) }, context(actor));
}

function step(packet: Packet, transition: TransitionName, actor: Actor, reason?: string): Packet {
  return must(packet, 'transition', { packetId, transition, ...(reason ? { reason } : {}) }, context(actor));
}

const submitted = () => step(fullPacket('sales_to_cs'), 'submit', actors.rep);
const accepted = () => step(submitted(), 'accept', actors.csm);

describe('which status each transition starts from', () => {
  // Written out here, independently of the rule table in lib/, so a change to one shows up in the other.
  const from: Record<TransitionName, Status[]> = {
    submit: ['draft'],
    accept: ['submitted'],
    return: ['submitted'],
    reopen: ['returned'],
    hold_kickoff: ['accepted'],
    reach_first_value: ['kickoff_held'],
    close: ['draft', 'submitted', 'returned', 'accepted', 'kickoff_held', 'first_value_reached'],
  };
  const full = fullPacket('sales_to_cs');
  for (const [transition, statuses] of Object.entries(from) as [TransitionName, Status[]][]) {
    for (const status of Status.options) {
      const allowed = statuses.includes(status);
      it(`${allowed ? 'allows' : 'refuses'} ${transition} from ${status} (admin)`, () => {
        const result = act({ ...full, status }, transition, actors.admin, 'a reason');
        expect(result.ok).toBe(allowed);
        if (!result.ok) expect(result.code).toBe('invalid_status');
      });
    }
  }
});

describe('who may make each transition', () => {
  it('lets the giver, their manager and admins submit, and nobody else', () => {
    for (const actor of [actors.rep, actors.salesManager, actors.admin])
      expect(act(fullPacket('sales_to_cs'), 'submit', actor).ok).toBe(true);
    for (const actor of [actors.otherRep, actors.csm, actors.csManager, actors.marketer, actors.support]) {
      const result = act(fullPacket('sales_to_cs'), 'submit', actor);
      expect(result.ok ? 'ok' : result.code, actor.userId).toBe('forbidden');
    }
  });

  it('refuses to submit while exit criteria are unmet, naming what blocks it', () => {
    const result = act(newPacket('sales_to_cs'), 'submit', actors.rep);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('criteria_unmet');
    expect(result.message).toContain("Customer name is empty: write the customer's name");
    expect(result.message).toContain('Add a first-value criterion');
  });

  it('lets the receiving team accept while nobody owns the receiving side, and makes the acceptor its owner', () => {
    const packet = step(submitted(), 'accept', actors.otherCsm);
    expect(packet.owners.receivingUserId).toBe(actors.otherCsm.userId);
    expect(packet.status).toBe('accepted');
  });

  describe('a packet that names no receiving team, as the panel starts one', () => {
    const unaddressed = (handoffPoint: 'sales_to_cs' | 'cs_to_support') => {
      const packet = fullPacket(handoffPoint);
      const draft = { ...packet, owners: { ...packet.owners, receivingTeamId: null } };
      return step(draft, 'submit', handoffPoint === 'sales_to_cs' ? actors.rep : actors.admin);
    };

    it('is open to every team of the function its handoff point hands over to, and to nobody else', () => {
      for (const actor of [actors.csm, actors.otherCsm, actors.csManager, actors.admin])
        expect(act(unaddressed('sales_to_cs'), 'accept', actor).ok, actor.userId).toBe(true);
      for (const actor of [
        actors.rep,
        actors.otherRep,
        actors.salesManager,
        actors.marketer,
        actors.support,
      ]) {
        const result = act(unaddressed('sales_to_cs'), 'accept', actor);
        expect(result.ok ? 'ok' : result.code, actor.userId).toBe('forbidden');
      }
      expect(act(unaddressed('cs_to_support'), 'accept', actors.support).ok).toBe(true);
      expect(act(unaddressed('cs_to_support'), 'accept', actors.csm).ok).toBe(false);
    });

    it('is never open to its giver, nor to the giving team, even when they work in the receiving function', () => {
      // A rep starts a renewal packet (CS → Sales) on an opportunity: sales receives it, and the rep is sales.
      const packet = fullPacket('renewal_expansion');
      const draft = { ...packet, owners: { ...packet.owners, receivingTeamId: null } };
      const submitted = step(draft, 'submit', actors.rep);
      expect(submitted.owners.givingTeamId).toBe('t-sales');
      for (const actor of [actors.rep, actors.otherRep]) {
        const result = act(submitted, 'accept', actor);
        expect(result.ok ? 'ok' : result.code, actor.userId).toBe('forbidden');
      }
      const elsewhere = {
        ...actors.otherRep,
        teamIds: ['t-sales', 't-sales-emea'],
        teamFunctions: { 't-sales': 'sales', 't-sales-emea': 'sales' },
      } as const;
      const accepted = step(submitted, 'accept', { ...elsewhere, teamIds: [...elsewhere.teamIds] });
      expect(accepted.owners.receivingTeamId).toBe('t-sales-emea');
    });

    it("gives whoever accepts it the receiving side, their team's included", () => {
      const packet = step(unaddressed('sales_to_cs'), 'accept', actors.otherCsm);
      expect(packet.owners).toMatchObject({
        receivingUserId: actors.otherCsm.userId,
        receivingTeamId: 't-cs',
      });
      // Now owned: the rest of the team no longer acts for it; their manager does.
      expect(act(packet, 'hold_kickoff', actors.csm).ok).toBe(false);
      expect(act(packet, 'hold_kickoff', actors.csManager).ok).toBe(true);
    });

    it('can be returned by the receiving function, with a reason', () => {
      const returned = step(unaddressed('sales_to_cs'), 'return', actors.csm, 'No kickoff date');
      expect(returned.status).toBe('returned');
      expect(returned.owners.receivingUserId).toBeNull();
    });
  });

  it('once the receiving side is owned, only its owner, manager and admins act for it', () => {
    const owned = must(
      submitted(),
      'reassign',
      { packetId, side: 'receiving', userId: actors.csm.userId },
      context(actors.csManager),
    );
    expect(act(owned, 'accept', actors.otherCsm).ok).toBe(false);
    expect(act(owned, 'accept', actors.rep).ok).toBe(false);
    for (const actor of [actors.csm, actors.csManager, actors.admin])
      expect(act(owned, 'accept', actor).ok).toBe(true);
  });

  it('needs a reason to return, and keeps it on the packet until resubmission', () => {
    const missing = act(submitted(), 'return', actors.csManager);
    expect(missing.ok ? 'ok' : missing.code).toBe('reason_required');
    expect(act(submitted(), 'return', actors.rep).ok).toBe(false);
    const returned = step(submitted(), 'return', actors.csManager, 'No economic buyer named');
    expect(returned.returnReason).toBe('No economic buyer named');
    expect(act(returned, 'reopen', actors.csm).ok).toBe(false);
    const draft = step(returned, 'reopen', actors.rep);
    expect(draft.status).toBe('draft');
    expect(draft.returnReason).toBe('No economic buyer named');
    const again = step(draft, 'submit', actors.rep);
    expect(again.returnReason).toBeNull();
  });

  it('lets the receiver run the onboarding stages and close', () => {
    let packet = accepted();
    expect(act(packet, 'hold_kickoff', actors.rep).ok).toBe(false);
    packet = step(packet, 'hold_kickoff', actors.csm);
    expect(act(packet, 'reach_first_value', actors.rep).ok).toBe(false);
    packet = step(packet, 'reach_first_value', actors.csm);
    packet = step(packet, 'close', actors.csm);
    expect(packet.status).toBe('closed');
  });

  it('lets only managers and admins abandon an open handoff, with a reason', () => {
    const draft = fullPacket('sales_to_cs');
    expect(act(draft, 'close', actors.rep, 'lost').ok).toBe(false);
    const noReason = act(draft, 'close', actors.salesManager);
    expect(noReason.ok ? 'ok' : noReason.code).toBe('reason_required');
    expect(step(draft, 'close', actors.salesManager, 'Deal lost to a competitor').status).toBe('closed');
  });

  it('freezes a closed packet', () => {
    const closed = step(fullPacket('sales_to_cs'), 'close', actors.admin, 'duplicate');
    const edit = apply(
      closed,
      'setField',
      { packetId, field: 'decisionNotes', value: 'x', baseRev: null },
      context(actors.admin),
    );
    expect(edit.ok ? 'ok' : edit.code).toBe('invalid_status');
    const reassign = apply(
      closed,
      'reassign',
      { packetId, side: 'giving', userId: 'u-x' },
      context(actors.admin),
    );
    expect(reassign.ok ? 'ok' : reassign.code).toBe('invalid_status');
  });
});

describe('reassign', () => {
  it('is open to the side owner, the managers and admins at any open stage', () => {
    const packet = accepted();
    const byOwner = must(
      packet,
      'reassign',
      { packetId, side: 'receiving', userId: actors.otherCsm.userId },
      context(actors.csm),
    );
    expect(byOwner.owners.receivingUserId).toBe(actors.otherCsm.userId);
    const denied = apply(
      packet,
      'reassign',
      { packetId, side: 'receiving', userId: 'u-x' },
      context(actors.otherCsm),
    );
    expect(denied.ok ? 'ok' : denied.code).toBe('forbidden');
    const byManager = must(
      packet,
      'reassign',
      { packetId, side: 'giving', userId: actors.otherRep.userId },
      context(actors.salesManager),
    );
    expect(byManager.owners.givingUserId).toBe(actors.otherRep.userId);
    expect(byManager.status).toBe('accepted');
  });
});

describe('edit rights', () => {
  it('refuses edits from people who neither own nor manage the packet', () => {
    for (const actor of [actors.support, actors.marketer, actors.otherRep]) {
      const result = apply(
        newPacket('sales_to_cs'),
        'setField',
        { packetId, field: 'decisionNotes', value: 'x', baseRev: null },
        context(actor),
      );
      expect(result.ok ? 'ok' : result.code, actor.userId).toBe('forbidden');
    }
  });
});

describe('history', () => {
  it('replays to the packet status at every step, and records the rework round', () => {
    const events: HistoryEvent[] = [];
    const record = (
      packet: Packet | null,
      name: Parameters<typeof apply>[1],
      args: Record<string, unknown>,
      actor: Actor,
    ) => {
      const result = apply(packet, name, args, context(actor));
      if (!result.ok) throw new Error(result.message);
      events.push(...result.events);
      expect(deriveStatus(events)).toBe(result.packet.status);
      expect(result.packet.seq).toBe(events.length);
      return result.packet;
    };
    let packet = fullPacket('sales_to_cs');
    events.push(
      ...Array.from(
        { length: packet.seq },
        (_, index) => ({ seq: index + 1, type: index === 0 ? 'created' : 'field_set' }) as HistoryEvent,
      ),
    );
    packet = record(packet, 'transition', { packetId, transition: 'submit' }, actors.rep);
    packet = record(
      packet,
      'transition',
      { packetId, transition: 'return', reason: 'missing risks' },
      actors.csm,
    );
    packet = record(packet, 'transition', { packetId, transition: 'reopen' }, actors.rep);
    packet = record(packet, 'transition', { packetId, transition: 'submit' }, actors.rep);
    packet = record(packet, 'transition', { packetId, transition: 'accept' }, actors.csm);
    packet = record(packet, 'transition', { packetId, transition: 'hold_kickoff' }, actors.csm);
    expect(events.filter((event) => event.type === 'submitted')).toHaveLength(2);
    const submittedEvent = events.find((event) => event.type === 'submitted');
    expect(submittedEvent?.data).toMatchObject({ completeness: 1, playbookVersion: 1 });
    // A full packet meets every criterion, and the submission says which, for the Improve loop.
    const point = defaultPlaybook.handoffPoints.sales_to_cs;
    expect(submittedEvent?.data.criteriaMet).toEqual(
      [...point.exitCriteria, ...point.entryCriteria].map((criterion) => criterion.id),
    );
  });
});
