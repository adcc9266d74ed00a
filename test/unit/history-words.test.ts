import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import { EventType, type HistoryEvent } from '../../lib/handoff/history';
import { type HistoryLine, historyLines } from '../../lib/handoff/history-words';
import { integrationActor, recordClosedWon } from '../../lib/sync/mutators/crm';
import { type SlaStepArgs, slaActor, takeSlaStep } from '../../lib/sync/mutators/sla';
import { actors, apply, context, salesforceOpportunity } from '../support/domain';
import { fullPacket, packetId } from '../support/packets';
import { slaStep, story } from '../support/stories';

const names: Record<string, string> = {
  'u-rep': 'Rae Rep',
  'u-rep-2': 'Rex Rep',
  'u-csm': 'Cass CSM',
  'u-cs-manager': 'Cleo CS-Manager',
  'u-sales-manager': 'Sam Sales-Manager',
  'baton-sla': 'Baton (SLA clock)',
  'integration:sf_flow': 'Salesforce Flow (CRM)',
};
const options = {
  nameOf: (userId: string | null) => (userId === null ? 'nobody' : (names[userId] ?? 'a colleague')),
  formatInstant: (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`,
};

const zendeskAccount = { system: 'zendesk', instance: 'acme', objectKind: 'account', id: '360001' } as const;

const linesOf = (events: readonly HistoryEvent[]): HistoryLine[] => historyLines(events, options);
const textsOf = (events: readonly HistoryEvent[]): string[] => linesOf(events).map((line) => line.text);

describe('history words', () => {
  it('says who started the handoff on which record, and what they brought in from the CRM', () => {
    const created = apply(
      null,
      'createPacket',
      {
        packetId,
        handoffPoint: 'sales_to_cs',
        record: salesforceOpportunity,
        prefill: { 'customer.name': 'Acme Corp', 'deal.amount': 120000 },
      },
      context(actors.rep),
    );
    if (!created.ok) throw new Error(created.message);
    expect(historyLines(created.events, options).map((line) => line.text)).toEqual([
      'Rae Rep filled in Customer name and Deal amount from the CRM',
      'Rae Rep started the Sales → CS / Onboarding handoff on a Salesforce opportunity',
    ]);
  });

  it('reads several edits of one field by one person in a row as one line with the latest value', () => {
    const packet = story();
    const set = (actor: Actor, field: string, value: string | number | null) =>
      packet.act(actor, 'setField', { field, value, baseRev: packet.packet.fields[field]?.rev ?? null });
    set(actors.rep, 'decisionNotes', 'Chose us');
    set(actors.rep, 'decisionNotes', 'Chose us for the API');
    set(actors.rep, 'customer.name', 'Acme Corp');
    set(actors.rep, 'decisionNotes', 'Chose us for the API and the audit trail');
    set(actors.csManager, 'decisionNotes', 'Chose us for the audit trail');
    set(actors.csManager, 'decisionNotes', null);
    set(actors.rep, 'scope.arr', 120000);
    set(actors.rep, 'support.entitlement', 'premium');
    set(actors.rep, 'keyDates.close', '2026-11-02');
    expect(textsOf(packet.events)).toEqual([
      'Rae Rep set Close date to 2026-11-02',
      'Rae Rep set Support entitlement to premium',
      'Rae Rep set ARR to 120,000',
      // Cleo's change and her clearing read as one: the field ended empty.
      'Cleo CS-Manager cleared Decision notes',
      'Rae Rep changed Decision notes to "Chose us for the API and the audit trail"',
      'Rae Rep set Customer name to "Acme Corp"',
      'Rae Rep set Decision notes to "Chose us for the API"',
    ]);
    const lines = linesOf(packet.events);
    expect(lines.map((line) => line.seq)).toEqual([...lines.map((line) => line.seq)].sort((a, b) => b - a));
    expect(lines.at(-1)?.seq).toBe(packet.events[1]?.seq);
  });

  it('names list items by the name they had at the time', () => {
    const packet = story();
    const update = (field: string, value: string) =>
      packet.act(actors.rep, 'updateItem', {
        list: 'buyingCommittee',
        itemId: 'erin',
        field,
        value,
        baseRev: packet.packet.lists.buyingCommittee?.[0]?.fields[field]?.rev ?? null,
      });
    packet.act(actors.rep, 'addItem', {
      list: 'buyingCommittee',
      itemId: 'erin',
      values: { name: 'Erin Buyer', role: 'user' },
    });
    update('role', 'decision_maker');
    update('role', 'economic_buyer');
    update('name', 'Erin B. Buyer');
    packet.act(actors.rep, 'addItem', { list: 'pains', itemId: 'unnamed', values: { impact: 'Nine weeks' } });
    packet.act(actors.rep, 'removeItem', { list: 'buyingCommittee', itemId: 'erin' });
    packet.act(actors.rep, 'removeItem', { list: 'pains', itemId: 'unnamed' });
    expect(textsOf(packet.events)).toEqual([
      'Rae Rep removed a pain',
      'Rae Rep removed "Erin B. Buyer" from the buying committee',
      'Rae Rep added a pain',
      'Rae Rep edited "Erin Buyer" in the buying committee: Name now "Erin B. Buyer"',
      'Rae Rep edited "Erin Buyer" in the buying committee: Role now economic buyer',
      'Rae Rep added "Erin Buyer" to the buying committee',
    ]);
  });

  it('says who joined and which records were linked and unlinked', () => {
    const packet = story();
    packet.act(actors.csm, 'linkRecord', { record: zendeskAccount });
    packet.act(actors.rep, 'unlinkRecord', { record: zendeskAccount });
    expect(textsOf(packet.events)).toEqual([
      'Rae Rep unlinked the Zendesk account',
      'Cass CSM linked a Zendesk account',
      'Cass CSM joined the handoff',
    ]);
  });

  it('says which edits crossed and which version was kept', () => {
    const packet = story(fullPacket('sales_to_cs'));
    packet.act(actors.rep, 'addItem', {
      list: 'buyingCommittee',
      itemId: 'dana',
      values: { name: 'Dana Decider', title: 'COO' },
    });
    packet.act(actors.csManager, 'setField', {
      field: 'decisionNotes',
      value: 'They wanted the audit trail.',
      baseRev: 'stale/1',
    });
    packet.act(actors.csManager, 'updateItem', {
      list: 'buyingCommittee',
      itemId: 'dana',
      field: 'title',
      value: 'Chief Operating Officer',
      baseRev: 'stale/2',
    });
    const [first] = packet.packet.conflicts;
    packet.act(actors.rep, 'resolveConflict', { conflictId: first?.id, keep: 'proposed' });
    expect(textsOf(packet.events)).toEqual([
      'Rae Rep settled the conflicting edits of Decision notes, keeping "They wanted the audit trail."',
      'Cleo CS-Manager edited Title of "Dana Decider" in the buying committee over a change they had not seen: both versions wait for a choice',
      'Cleo CS-Manager edited Decision notes over a change they had not seen: both versions wait for a choice',
      'Rae Rep added "Dana Decider" to the buying committee',
    ]);
  });

  it('tells the lifecycle in words, a return with its reason', () => {
    const packet = story(fullPacket('sales_to_cs'));
    const move = (actor: Actor, transition: string, reason?: string) =>
      packet.act(actor, 'transition', { transition, ...(reason ? { reason } : {}) });
    move(actors.rep, 'submit');
    move(actors.csm, 'return', 'The kickoff date is in the past');
    move(actors.rep, 'reopen');
    move(actors.rep, 'submit');
    move(actors.csm, 'accept');
    move(actors.csm, 'hold_kickoff');
    move(actors.csm, 'reach_first_value');
    move(actors.csm, 'close');
    const lines = linesOf(packet.events);
    expect(lines.map((line) => line.text)).toEqual([
      'Cass CSM closed the handoff',
      'Cass CSM marked first value reached',
      'Cass CSM marked the kickoff held',
      'Cass CSM accepted the handoff',
      'Rae Rep submitted the handoff (completeness 100 %)',
      'Rae Rep reopened the handoff',
      'Cass CSM returned it: The kickoff date is in the past',
      'Rae Rep submitted the handoff (completeness 100 %)',
    ]);
    expect(lines.map((line) => line.kind)).toEqual([...Array(6).fill('change'), 'return', 'change']);
  });

  it("gives the completeness a submission was judged at, and a manager's close its reason", () => {
    const packet = story(fullPacket('sales_to_cs'));
    packet.act(actors.rep, 'setField', { field: 'scope.seats', value: null, baseRev: null });
    packet.act(actors.rep, 'transition', { transition: 'submit' });
    packet.act(actors.csManager, 'transition', { transition: 'close', reason: 'The customer cancelled' });
    expect(textsOf(packet.events).slice(0, 2)).toEqual([
      'Cleo CS-Manager closed the handoff: The customer cancelled',
      'Rae Rep submitted the handoff (completeness 97 %)',
    ]);
  });

  it('says whom a side was handed to, by whom, and who took it', () => {
    const packet = story(fullPacket('sales_to_cs'));
    packet.act(actors.csManager, 'reassign', { side: 'receiving', userId: 'u-csm' });
    packet.act(actors.rep, 'transition', { transition: 'submit' });
    packet.act(actors.csManager, 'transition', { transition: 'accept' });
    packet.act(actors.salesManager, 'reassign', {
      side: 'giving',
      userId: 'u-rep-2',
      reason: 'Rae is on leave',
    });
    packet.act(actors.csm, 'reassign', { side: 'receiving', userId: 'u-cs-manager' });
    expect(textsOf(packet.events)).toEqual([
      'Cass CSM handed the receiving side to Cleo CS-Manager',
      'Sam Sales-Manager handed the giving side from Rae Rep to Rex Rep (Rae is on leave)',
      'Cleo CS-Manager accepted the handoff for Cass CSM',
      'Rae Rep submitted the handoff (completeness 100 %)',
      'Cleo CS-Manager handed the receiving side to Cass CSM',
    ]);
  });

  describe('SLA steps', () => {
    const kickoff = 'Kickoff within 5 business days of acceptance';
    /** A packet Cass accepted, whose kickoff clock then runs late. */
    function accepted() {
      const packet = story(fullPacket('sales_to_cs'));
      packet.act(actors.rep, 'transition', { transition: 'submit' });
      packet.act(actors.csm, 'transition', { transition: 'accept' });
      packet.events.length = 0;
      return packet;
    }
    const take = (packet: ReturnType<typeof story>, args: SlaStepArgs) =>
      packet.record(takeSlaStep(packet.packet, args, context(slaActor)));

    it('reads each step with the clock, its deadline and whom it concerned, set apart as SLA lines', () => {
      const packet = accepted();
      take(packet, { step: slaStep('sla_threshold'), label: kickoff });
      take(packet, { step: slaStep('sla_breached'), label: kickoff });
      take(packet, { step: slaStep('escalated', 'notify_manager'), label: kickoff });
      take(packet, { step: slaStep('escalated', 'remind_owner'), label: kickoff });
      const lines = linesOf(packet.events);
      expect(lines.map((line) => line.text)).toEqual([
        `${kickoff}: still overdue (deadline 2026-12-08 16:00 UTC); Cass CSM reminded again`,
        `${kickoff}: breached (deadline 2026-12-08 16:00 UTC); the receiving team's manager notified`,
        `${kickoff}: breached (deadline 2026-12-08 16:00 UTC); Cass CSM told`,
        `${kickoff}: due by 2026-12-08 16:00 UTC; Cass CSM reminded`,
      ]);
      expect(lines.every((line) => line.kind === 'sla')).toBe(true);
    });

    it('says whom a late side was handed to, or that there was nobody', () => {
      const toCleo = accepted();
      take(toCleo, {
        step: slaStep('escalated', 'reassign'),
        label: kickoff,
        reassignTo: { userId: 'u-cs-manager', teamId: 't-cs' },
      });
      expect(textsOf(toCleo.events)).toEqual([
        `Baton (SLA clock) handed the receiving side from Cass CSM to Cleo CS-Manager (${kickoff}: deadline passed)`,
        `${kickoff}: breached (deadline 2026-12-08 16:00 UTC); handed to Cleo CS-Manager`,
      ]);
      const toTeam = accepted();
      take(toTeam, {
        step: slaStep('escalated', 'reassign'),
        label: kickoff,
        reassignTo: { userId: null, teamId: 't-cs' },
      });
      toTeam.act(actors.csm, 'reassign', { side: 'receiving', userId: 'u-csm' });
      expect(textsOf(toTeam.events)).toEqual([
        'Cass CSM took the receiving side',
        `Baton (SLA clock) handed the receiving side from Cass CSM to its team (${kickoff}: deadline passed)`,
        `${kickoff}: breached (deadline 2026-12-08 16:00 UTC); handed to the receiving team`,
      ]);
      const toNobody = accepted();
      take(toNobody, { step: slaStep('escalated', 'reassign'), label: kickoff });
      expect(textsOf(toNobody.events)).toEqual([
        `${kickoff}: breached (deadline 2026-12-08 16:00 UTC); nobody to hand it to`,
      ]);
    });

    it('names the team while nobody owns the late side', () => {
      const packet = story(fullPacket('sales_to_cs'));
      packet.act(actors.rep, 'transition', { transition: 'submit' });
      const label = 'Accepted or returned within 16 business hours';
      take(packet, { step: { ...slaStep('sla_threshold'), policyId: 'acceptance' }, label });
      expect(textsOf(packet.events)[0]).toBe(
        `${label}: due by 2026-12-08 16:00 UTC; the receiving team reminded`,
      );
    });
  });

  it("says which CRM workflow reported the deal won, with the deal's stage and amount", () => {
    const packet = story();
    packet.record(
      recordClosedWon(
        packet.packet,
        {
          crmEventId: 'evt-1',
          sourceId: 'sf_flow',
          occurredAt: '2026-11-02T09:00:00.000Z',
          facts: { 'deal.stage': 'Closed Won', 'deal.amount': 120000, 'keyDates.close': '2026-11-02' },
        },
        context(integrationActor('sf_flow')),
      ),
    );
    expect(textsOf(packet.events)).toEqual([
      'Salesforce Flow (CRM) reported the deal won (stage Closed Won, amount 120,000)',
      'Salesforce Flow (CRM) filled in Deal stage, Deal amount and Close date from the CRM',
    ]);
  });

  it('has words for every event type, and no line shows a code or a raw id', () => {
    const typesCovered = new Set<string>();
    const lines: HistoryLine[] = [];
    for (const events of everyKindOfHistory()) {
      for (const event of events) typesCovered.add(event.type);
      lines.push(...historyLines(events, options));
    }
    expect([...typesCovered].sort()).toEqual([...EventType.options].sort());
    for (const line of lines) {
      expect(line.text, line.text).not.toMatch(/\b[a-z]+_[a-z_]+\b|\bu-[a-z]|integration:|baton-sla/);
      expect(line.text.charAt(0), line.text).toMatch(/[A-Z]/);
    }
  });
});

/** Histories that, together, hold every event type the mutators write. */
function everyKindOfHistory(): HistoryEvent[][] {
  const lifecycle = story(fullPacket('sales_to_cs'));
  lifecycle.act(actors.csm, 'linkRecord', { record: zendeskAccount });
  lifecycle.act(actors.rep, 'unlinkRecord', { record: zendeskAccount });
  lifecycle.act(actors.rep, 'addItem', {
    list: 'risks',
    itemId: 'r',
    values: { text: 'Churn', severity: 'high' },
  });
  lifecycle.act(actors.rep, 'updateItem', {
    list: 'risks',
    itemId: 'r',
    field: 'severity',
    value: 'critical',
    baseRev: lifecycle.packet.lists.risks?.find((item) => item.id === 'r')?.fields.severity?.rev,
  });
  lifecycle.act(actors.rep, 'setField', {
    field: 'scope.seats',
    value: 250,
    baseRev: lifecycle.packet.fields['scope.seats']?.rev,
  });
  lifecycle.act(actors.rep, 'removeItem', { list: 'risks', itemId: 'r' });
  lifecycle.act(actors.csManager, 'setField', {
    field: 'decisionNotes',
    value: 'Other view',
    baseRev: 'stale/1',
  });
  lifecycle.act(actors.rep, 'resolveConflict', {
    conflictId: lifecycle.packet.conflicts[0]?.id,
    keep: 'kept',
  });
  lifecycle.act(actors.rep, 'transition', { transition: 'submit' });
  lifecycle.act(actors.csm, 'transition', { transition: 'return', reason: 'Wrong economic buyer' });
  lifecycle.act(actors.rep, 'transition', { transition: 'reopen' });
  lifecycle.act(actors.rep, 'transition', { transition: 'submit' });
  lifecycle.act(actors.csm, 'transition', { transition: 'accept' });
  lifecycle.act(actors.csManager, 'reassign', { side: 'receiving', userId: 'u-cs-manager' });
  for (const kind of ['sla_threshold', 'sla_breached', 'escalated'] as const)
    lifecycle.record(
      takeSlaStep(lifecycle.packet, { step: slaStep(kind), label: 'Kickoff' }, context(slaActor)),
    );
  lifecycle.act(actors.csManager, 'transition', { transition: 'hold_kickoff' });
  lifecycle.act(actors.csManager, 'transition', { transition: 'reach_first_value' });
  lifecycle.record(
    recordClosedWon(
      lifecycle.packet,
      { crmEventId: 'e', sourceId: 'sf_flow', occurredAt: '2026-11-02T09:00:00.000Z', facts: {} },
      context(integrationActor('sf_flow')),
    ),
  );
  lifecycle.act(actors.csManager, 'transition', { transition: 'close' });
  const created = apply(
    null,
    'createPacket',
    { packetId, handoffPoint: 'mql_to_sales', record: salesforceOpportunity },
    context(actors.marketer),
  );
  if (!created.ok) throw new Error(created.message);
  return [created.events, lifecycle.events];
}
