import * as z from 'zod/mini';
import { type FieldDef, type ListDef, lists, scalarFields } from './fields';
import { HandoffPoint } from './handoff-points';
import { type HandoffPointPlaybook, type Playbook, PlaybookShape, type Rule } from './playbook';
import { templateProblems } from './templates';

export interface Problem {
  path: string;
  message: string;
}

export type PlaybookResult = { ok: true; playbook: Playbook } | { ok: false; problems: Problem[] };

type Path = (string | number)[];

const scalarCatalogue: Record<string, FieldDef> = scalarFields;
const listCatalogue: Record<string, ListDef> = lists;

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
}

function duplicates(ids: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return twice;
}

function ruleProblems(rule: Rule, at: Path): Problem[] {
  const problem = (path: Path, message: string): Problem => ({ path: formatPath([...at, ...path]), message });
  switch (rule.kind) {
    case 'filled':
      return scalarCatalogue[rule.field] ? [] : [problem(['field'], `unknown field "${rule.field}"`)];
    case 'items': {
      const list = listCatalogue[rule.list];
      if (!list) return [problem(['list'], `unknown list "${rule.list}"`)];
      if (!rule.where) return [];
      const field = list.fields[rule.where.field];
      if (!field)
        return [problem(['where', 'field'], `${rule.list} items have no field "${rule.where.field}"`)];
      if (field.type.kind !== 'choice') return [];
      const options = field.type.options;
      return rule.where.in.flatMap((value, index) =>
        options.includes(value)
          ? []
          : [problem(['where', 'in', index], `"${value}" is not one of ${options.join(', ')}`)],
      );
    }
    case 'dateWithin': {
      const problems: Problem[] = [];
      for (const key of ['field', 'of'] as const) {
        const def = scalarCatalogue[rule[key]];
        if (!def) problems.push(problem([key], `unknown field "${rule[key]}"`));
        else if (def.type.kind !== 'date')
          problems.push(problem([key], `"${rule[key]}" is not a date field`));
      }
      if (rule.maxDays === undefined && rule.maxBusinessDays === undefined)
        problems.push(problem([], 'dateWithin needs maxDays or maxBusinessDays'));
      return problems;
    }
    case 'owner':
    case 'noOpenConflicts':
      return [];
  }
}

function handoffPointProblems(point: HandoffPointPlaybook, at: Path): Problem[] {
  const problems: Problem[] = [];
  const criteria = [
    ...point.exitCriteria.map((criterion, index) => ({ criterion, path: [...at, 'exitCriteria', index] })),
    ...point.entryCriteria.map((criterion, index) => ({ criterion, path: [...at, 'entryCriteria', index] })),
  ];
  const repeatedCriteria = duplicates(criteria.map(({ criterion }) => criterion.id));
  for (const { criterion, path } of criteria) {
    if (repeatedCriteria.has(criterion.id))
      problems.push({
        path: formatPath([...path, 'id']),
        message: `criterion id "${criterion.id}" is used twice`,
      });
    problems.push(...ruleProblems(criterion.rule, [...path, 'rule']));
  }
  const repeatedSlas = duplicates(point.slas.map((sla) => sla.id));
  point.slas.forEach((sla, index) => {
    const path = [...at, 'slas', index];
    if (repeatedSlas.has(sla.id))
      problems.push({ path: formatPath([...path, 'id']), message: `SLA id "${sla.id}" is used twice` });
    if (sla.stop.includes(sla.start))
      problems.push({
        path: formatPath([...path, 'stop']),
        message: 'an SLA cannot stop on the event that starts it',
      });
    sla.escalation.forEach((step, stepIndex) => {
      if (step.action === 'reassign' && !step.fallbackUserId)
        problems.push({
          path: formatPath([...path, 'escalation', stepIndex, 'fallbackUserId']),
          message: 'a reassign step needs the fallback owner',
        });
    });
  });
  const repeatedTemplates = duplicates(point.templates.map((template) => template.id));
  point.templates.forEach((template, index) => {
    const path = [...at, 'templates', index];
    if (repeatedTemplates.has(template.id))
      problems.push({
        path: formatPath([...path, 'id']),
        message: `template id "${template.id}" is used twice`,
      });
    for (const problem of templateProblems(template))
      problems.push({ path: formatPath([...path, ...problem.path]), message: problem.message });
  });
  return problems;
}

function referenceProblems(playbook: Playbook): Problem[] {
  const problems: Problem[] = [];
  const calendarIds = new Set(playbook.calendars.map((calendar) => calendar.id));
  for (const id of duplicates(playbook.calendars.map((calendar) => calendar.id)))
    problems.push({ path: 'calendars', message: `calendar id "${id}" is used twice` });
  if (!calendarIds.has(playbook.defaultCalendarId))
    problems.push({ path: 'defaultCalendarId', message: `no calendar "${playbook.defaultCalendarId}"` });
  for (const [team, calendarId] of Object.entries(playbook.teamCalendars))
    if (!calendarIds.has(calendarId))
      problems.push({ path: formatPath(['teamCalendars', team]), message: `no calendar "${calendarId}"` });
  for (const point of HandoffPoint.options)
    problems.push(...handoffPointProblems(playbook.handoffPoints[point], ['handoffPoints', point]));
  for (const id of duplicates(playbook.content.map((item) => item.id)))
    problems.push({ path: 'content', message: `content id "${id}" is used twice` });
  return problems;
}

/** Validates a playbook document: its shape, then every reference into the packet's catalogue. */
export function parsePlaybook(input: unknown): PlaybookResult {
  const parsed = z.safeParse(PlaybookShape, input);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: issue.message,
      })),
    };
  const problems = referenceProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, playbook: parsed.data };
}
