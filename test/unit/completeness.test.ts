import { describe, expect, it } from 'vitest';
import { businessDaysBetween, completeness } from '../../lib/handoff/completeness';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { HandoffPoint } from '../../lib/handoff/handoff-points';
import { calendarForTeam } from '../../lib/handoff/playbook';
import { actors, context, must } from '../support/domain';
import { fullPacket, newPacket, packetId, placeholderPacket } from '../support/packets';

const calendar = calendarForTeam(defaultPlaybook, null);

describe.each(HandoffPoint.options)('completeness at %s', (point) => {
  const playbook = defaultPlaybook.handoffPoints[point];
  const criteria = [...playbook.exitCriteria, ...playbook.entryCriteria];

  it('is whole for a packet with every field filled', () => {
    const result = completeness(fullPacket(point), playbook, calendar);
    expect(result.gaps).toEqual([]);
    expect(result.score).toBe(1);
    expect(result.exitMet).toBe(true);
    expect(result.entryMet).toBe(true);
  });

  it('lists every criterion that needs content as a gap of an empty packet', () => {
    const result = completeness(newPacket(point), playbook, calendar);
    const contentCriteria = criteria.filter(
      (c) => c.rule.kind !== 'noOpenConflicts' && c.rule.kind !== 'owner',
    );
    expect(result.gaps.map((gap) => gap.criterionId).sort()).toEqual(contentCriteria.map((c) => c.id).sort());
    expect(result.exitMet).toBe(false);
    const met = criteria.filter((c) => !contentCriteria.includes(c)).reduce((sum, c) => sum + c.weight, 0);
    const total = criteria.reduce((sum, c) => sum + c.weight, 0);
    expect(result.score).toBeCloseTo(met / total, 10);
    for (const gap of result.gaps) {
      const criterion = criteria.find((c) => c.id === gap.criterionId);
      expect(gap.blocking).toBe(criterion?.severity === 'required');
      expect(gap.why).toBe(criterion?.why);
    }
  });

  it('does not count placeholder answers, and says they are placeholders', () => {
    const result = completeness(placeholderPacket(point), playbook, calendar);
    expect(result.exitMet).toBe(false);
    expect(result.score).toBeLessThan(0.5);
    const textual = criteria.filter(
      (c) =>
        c.rule.kind === 'items' ||
        (c.rule.kind === 'filled' &&
          !/^(keyDates|scope\.(arr|seats)|deal\.amount|support\.entitlement|renewal\.health)/.test(
            c.rule.field,
          )),
    );
    expect(textual.length).toBeGreaterThan(0);
    for (const criterion of textual) {
      const gap = result.gaps.find((candidate) => candidate.criterionId === criterion.id);
      expect(gap?.reason, criterion.id).toBe('placeholder');
    }
  });
});

describe('completeness rules', () => {
  const salesToCs = defaultPlaybook.handoffPoints.sales_to_cs;

  it('wants an economic buyer, not just any stakeholder', () => {
    const full = fullPacket('sales_to_cs');
    const baseRev = full.lists.buyingCommittee?.[0]?.fields.role?.rev;
    const packet = must(
      full,
      'updateItem',
      {
        packetId,
        list: 'buyingCommittee',
        itemId: 'buyingCommittee-0',
        field: 'role',
        value: 'user',
        baseRev,
      },
      context(actors.rep),
    );
    const gap = completeness(packet, salesToCs, calendar).gaps.find(
      (g) => g.criterionId === 'economic-buyer',
    );
    expect(gap?.reason).toBe('too_few');
    expect(gap?.blocking).toBe(true);
  });

  it('wants the kickoff within 10 business days of close, counted on the receiving calendar', () => {
    const packet = fullPacket('sales_to_cs');
    const kickoffOn = (date: string) => {
      const field = packet.fields['keyDates.kickoffTarget'];
      const next = must(
        packet,
        'setField',
        { packetId, field: 'keyDates.kickoffTarget', value: date, baseRev: field?.rev ?? null },
        context(actors.rep),
      );
      return completeness(next, salesToCs, calendar).gaps.find(
        (g) => g.criterionId === 'kickoff-within-10-business-days',
      );
    };
    // Close is Monday 2026-11-02: ten business days later is Monday 2026-11-16.
    expect(kickoffOn('2026-11-16')).toBeUndefined();
    expect(kickoffOn('2026-11-17')?.reason).toBe('out_of_range');
    expect(kickoffOn('2026-10-30')?.message).toContain('on or after');
  });

  it('counts business days over weekends and holidays', () => {
    const withHoliday = { ...calendar, holidays: ['2026-11-26'] };
    expect(businessDaysBetween('2026-11-20', '2026-11-27', calendar)).toBe(5);
    expect(businessDaysBetween('2026-11-20', '2026-11-27', withHoliday)).toBe(4);
    expect(businessDaysBetween('2026-11-27', '2026-11-20', calendar)).toBe(0);
  });

  it('treats a text copied from another field as a placeholder', () => {
    let packet = fullPacket('sales_to_cs');
    const notes = packet.fields['successPlan.summary']?.value as string;
    packet = must(
      packet,
      'setField',
      { packetId, field: 'decisionNotes', value: notes, baseRev: packet.fields.decisionNotes?.rev ?? null },
      context(actors.rep),
    );
    const gap = completeness(packet, salesToCs, calendar).gaps.find(
      (g) => g.criterionId === 'decision-notes',
    );
    expect(gap?.reason).toBe('placeholder');
    expect(gap?.message).toContain('copy of another field');
  });

  it('blocks acceptance while a conflict is open', () => {
    let packet = fullPacket('sales_to_cs');
    packet = must(
      packet,
      'setField',
      { packetId, field: 'decisionNotes', value: 'Another view of why they bought.', baseRev: 'stale/1' },
      context(actors.csManager),
    );
    const result = completeness(packet, salesToCs, calendar);
    expect(result.exitMet).toBe(true);
    expect(result.entryMet).toBe(false);
    expect(result.gaps.map((g) => g.reason)).toEqual(['conflicts']);
  });
});
