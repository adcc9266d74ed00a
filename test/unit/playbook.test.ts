import { describe, expect, it } from 'vitest';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { parsePlaybook } from '../../lib/handoff/playbook-validation';

// Tests reach into the document the way a hand-edited JSON file would, so they type it loosely.
// biome-ignore lint/suspicious/noExplicitAny: a playbook as arbitrary JSON
type Json = Record<string, any>;

function withChanges(change: (playbook: Json) => void): unknown {
  const copy = structuredClone(defaultPlaybook) as Json;
  change(copy);
  return copy;
}

function problemsOf(input: unknown) {
  const result = parsePlaybook(input);
  if (result.ok) throw new Error('expected the playbook to be refused');
  return result.problems;
}

describe('parsePlaybook', () => {
  it('accepts the default playbook', () => {
    const result = parsePlaybook(defaultPlaybook);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('refuses what is not a playbook at all, with the paths of what is missing', () => {
    const paths = problemsOf({ schemaVersion: 1 }).map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'version', 'calendars', 'handoffPoints', 'content']),
    );
    expect(problemsOf('nope')[0]?.path).toBe('');
  });

  it('lists every problem of a bad playbook by its path', () => {
    const problems = problemsOf(
      withChanges((playbook) => {
        playbook.calendars[0].timeZone = 'Mars/Olympus';
        playbook.calendars[0].workingHours = { start: '18:00', end: '09:00' };
        playbook.handoffPoints.sales_to_cs.exitCriteria[1].severity = 'nice-to-have';
        playbook.handoffPoints.mql_to_sales.slas[0].target.amount = -3;
      }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining([
        'calendars[0].timeZone',
        'calendars[0].workingHours',
        'handoffPoints.sales_to_cs.exitCriteria[1].severity',
        'handoffPoints.mql_to_sales.slas[0].target.amount',
      ]),
    );
    expect(problems.find((problem) => problem.path === 'calendars[0].timeZone')?.message).toContain('IANA');
  });

  it('checks every reference into the packet catalogue', () => {
    const problems = problemsOf(
      withChanges((playbook) => {
        const exit = playbook.handoffPoints.sales_to_cs.exitCriteria;
        exit[0].rule = { kind: 'filled', field: 'customer.nickname' };
        exit[1].rule = {
          kind: 'items',
          list: 'buyingCommittee',
          min: 1,
          where: { field: 'role', in: ['king'] },
        };
        exit[2].rule = { kind: 'items', list: 'allies', min: 1 };
        exit[3].rule = { kind: 'dateWithin', field: 'decisionNotes', of: 'keyDates.close', maxDays: 3 };
        exit[4].rule = { kind: 'dateWithin', field: 'keyDates.goLive', of: 'keyDates.close' };
        exit[5].id = exit[6].id;
        playbook.defaultCalendarId = 'nowhere';
        playbook.teamCalendars = { 't-cs': 'missing' };
        playbook.handoffPoints.cs_to_support.slas[0].escalation.push({
          afterBreach: { amount: 1, unit: 'business_hours' },
          action: 'reassign',
        });
        playbook.handoffPoints.sales_to_cs.templates[0].body = 'Hello {{customer.nickname}}';
      }),
    );
    const at = (path: string) => problems.filter((problem) => problem.path === path).map((p) => p.message);
    expect(at('handoffPoints.sales_to_cs.exitCriteria[0].rule.field')).toEqual([
      'unknown field "customer.nickname"',
    ]);
    expect(at('handoffPoints.sales_to_cs.exitCriteria[1].rule.where.in[0]')[0]).toContain(
      '"king" is not one of',
    );
    expect(at('handoffPoints.sales_to_cs.exitCriteria[2].rule.list')).toEqual(['unknown list "allies"']);
    expect(at('handoffPoints.sales_to_cs.exitCriteria[3].rule.field')).toEqual([
      '"decisionNotes" is not a date field',
    ]);
    expect(at('handoffPoints.sales_to_cs.exitCriteria[4].rule')[0]).toContain('maxDays or maxBusinessDays');
    expect(at('handoffPoints.sales_to_cs.exitCriteria[5].id')[0]).toContain('used twice');
    expect(at('defaultCalendarId')).toEqual(['no calendar "nowhere"']);
    expect(at('teamCalendars.t-cs')).toEqual(['no calendar "missing"']);
    expect(at('handoffPoints.cs_to_support.slas[0].escalation[2].fallbackUserId')).toHaveLength(1);
    expect(
      problems.some((problem) => problem.path.startsWith('handoffPoints.sales_to_cs.templates[0].body')),
    ).toBe(true);
  });
});
