import type { Calendar } from './calendar';
import { type ListName, lists, scalarFields } from './fields';
import { liveItems, type Packet } from './packet';
import { placeholderReason } from './placeholders';
import type { Criterion, HandoffPointPlaybook, Rule } from './playbook';

export type GapReason = 'missing' | 'placeholder' | 'too_few' | 'out_of_range' | 'unassigned' | 'conflicts';

export interface Gap {
  criterionId: string;
  stage: 'exit' | 'entry';
  /** What to fill: a scalar field name, a list name or `owners.giving` / `owners.receiving`. */
  field: string;
  rule: Rule;
  reason: GapReason;
  message: string;
  why: string;
  blocking: boolean;
}

export interface Completeness {
  /** Weighted share of the handoff point's criteria that the packet meets, from 0 to 1. */
  score: number;
  gaps: Gap[];
  exitMet: boolean;
  entryMet: boolean;
}

type Outcome = { met: true } | { met: false; field: string; reason: GapReason; message: string };

function labelOf(field: string): string {
  return (scalarFields as Record<string, { label: string }>)[field]?.label ?? field;
}

function textValues(packet: Packet, except: string): string[] {
  return Object.entries(packet.fields)
    .filter(([name, field]) => name !== except && typeof field.value === 'string')
    .map(([, field]) => field.value as string);
}

function scalarOutcome(packet: Packet, field: string): Outcome {
  const value = packet.fields[field]?.value ?? null;
  if (value === null || (typeof value === 'string' && value.trim() === ''))
    return { met: false, field, reason: 'missing', message: `${labelOf(field)} is empty` };
  if (typeof value === 'string') {
    const reason = placeholderReason(value, textValues(packet, field));
    if (reason) return { met: false, field, reason: 'placeholder', message: `${labelOf(field)}: ${reason}` };
  }
  return { met: true };
}

function itemsOutcome(packet: Packet, rule: Extract<Rule, { kind: 'items' }>): Outcome {
  const list = lists[rule.list as ListName];
  const label = list?.label ?? rule.list;
  const items = liveItems(packet, rule.list);
  let placeholders = 0;
  let counted = 0;
  for (const item of items) {
    const title = item.fields[list?.titleField ?? '']?.value;
    if (typeof title !== 'string' || title.trim() === '') continue;
    if (rule.where && !rule.where.in.includes(String(item.fields[rule.where.field]?.value ?? ''))) continue;
    if (placeholderReason(title)) placeholders += 1;
    else counted += 1;
  }
  if (counted >= rule.min) return { met: true };
  const which = rule.where ? ` with ${rule.where.field} ${rule.where.in.join(' or ')}` : '';
  const shortBy = `${label} needs at least ${rule.min}${which}; it has ${counted}`;
  return placeholders > 0
    ? {
        met: false,
        field: rule.list,
        reason: 'placeholder',
        message: `${shortBy} and ${placeholders} placeholder`,
      }
    : { met: false, field: rule.list, reason: 'too_few', message: shortBy };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Working days after `from`, up to and including `to`, by the calendar's weekdays and holidays. */
export function businessDaysBetween(from: string, to: string, calendar: Calendar): number {
  const holidays = new Set(calendar.holidays);
  const total = daysBetween(from, to);
  let count = 0;
  const start = Date.parse(`${from}T00:00:00Z`);
  for (let offset = 1; offset <= total; offset++) {
    const day = new Date(start + offset * 86_400_000);
    const isoWeekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
    if (calendar.workingDays.includes(isoWeekday) && !holidays.has(day.toISOString().slice(0, 10)))
      count += 1;
  }
  return count;
}

function dateWithinOutcome(
  packet: Packet,
  rule: Extract<Rule, { kind: 'dateWithin' }>,
  calendar: Calendar,
): Outcome {
  const value = packet.fields[rule.field]?.value;
  const anchor = packet.fields[rule.of]?.value;
  if (typeof value !== 'string' || value === '')
    return { met: false, field: rule.field, reason: 'missing', message: `${labelOf(rule.field)} is empty` };
  if (typeof anchor !== 'string' || anchor === '')
    return {
      met: false,
      field: rule.of,
      reason: 'missing',
      message: `${labelOf(rule.of)} is needed to check ${labelOf(rule.field)}`,
    };
  const outOfRange = (limit: string): Outcome => ({
    met: false,
    field: rule.field,
    reason: 'out_of_range',
    message: `${labelOf(rule.field)} must be ${limit} of ${labelOf(rule.of)}`,
  });
  if (daysBetween(anchor, value) < 0) return outOfRange('on or after');
  if (rule.maxDays !== undefined && daysBetween(anchor, value) > rule.maxDays)
    return outOfRange(`within ${rule.maxDays} days`);
  if (
    rule.maxBusinessDays !== undefined &&
    businessDaysBetween(anchor, value, calendar) > rule.maxBusinessDays
  )
    return outOfRange(`within ${rule.maxBusinessDays} business days`);
  return { met: true };
}

function evaluate(rule: Rule, packet: Packet, calendar: Calendar): Outcome {
  switch (rule.kind) {
    case 'filled':
      return scalarOutcome(packet, rule.field);
    case 'items':
      return itemsOutcome(packet, rule);
    case 'dateWithin':
      return dateWithinOutcome(packet, rule, calendar);
    case 'owner': {
      const assigned = rule.side === 'giving' ? packet.owners.givingUserId : packet.owners.receivingUserId;
      return assigned
        ? { met: true }
        : {
            met: false,
            field: `owners.${rule.side}`,
            reason: 'unassigned',
            message: `no ${rule.side} owner yet`,
          };
    }
    case 'noOpenConflicts':
      return packet.conflicts.length === 0
        ? { met: true }
        : {
            met: false,
            field: 'conflicts',
            reason: 'conflicts',
            message: `${packet.conflicts.length} conflicting edit(s) to resolve`,
          };
  }
}

/**
 * How complete a packet is for its handoff point: the weighted score over exit and entry criteria,
 * every gap with its reason, and whether each side's required criteria are met.
 */
export function completeness(
  packet: Packet,
  playbook: HandoffPointPlaybook,
  calendar: Calendar,
): Completeness {
  const staged: Array<[Criterion, 'exit' | 'entry']> = [
    ...playbook.exitCriteria.map((criterion): [Criterion, 'exit'] => [criterion, 'exit']),
    ...playbook.entryCriteria.map((criterion): [Criterion, 'entry'] => [criterion, 'entry']),
  ];
  let total = 0;
  let met = 0;
  const gaps: Gap[] = [];
  for (const [criterion, stage] of staged) {
    total += criterion.weight;
    const outcome = evaluate(criterion.rule, packet, calendar);
    if (outcome.met) {
      met += criterion.weight;
      continue;
    }
    gaps.push({
      criterionId: criterion.id,
      stage,
      field: outcome.field,
      rule: criterion.rule,
      reason: outcome.reason,
      message: outcome.message,
      why: criterion.why,
      blocking: criterion.severity === 'required',
    });
  }
  return {
    score: total === 0 ? 1 : met / total,
    gaps,
    exitMet: !gaps.some((gap) => gap.stage === 'exit' && gap.blocking),
    entryMet: !gaps.some((gap) => gap.stage === 'entry' && gap.blocking),
  };
}
