import type { Calendar } from './calendar';
import { type ListDef, lists, type ScalarFieldDef, scalarFields } from './fields';
import { humanise, inSentence, quoted, withArticle } from './labels';
import { liveItems, type Packet } from './packet';
import { placeholderOf } from './placeholders';
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

const scalarCatalogue: Record<string, ScalarFieldDef> = scalarFields;
const listCatalogue: Record<string, ListDef> = lists;

function labelOf(field: string): string {
  return scalarCatalogue[field]?.label ?? field;
}

function missing(field: string): Outcome {
  const ask = scalarCatalogue[field]?.ask ?? 'fill it in';
  return { met: false, field, reason: 'missing', message: `${labelOf(field)} is empty: ${ask}` };
}

function scalarOutcome(packet: Packet, field: string): Outcome {
  const value = packet.fields[field]?.value ?? null;
  if (value === null || (typeof value === 'string' && value.trim() === '')) return missing(field);
  if (typeof value !== 'string') return { met: true };
  const others = Object.entries(packet.fields).filter(
    ([name, other]) => name !== field && typeof other.value === 'string',
  );
  const placeholder = placeholderOf(
    value,
    others.map(([, other]) => other.value as string),
  );
  if (!placeholder) return { met: true };
  const copied = placeholder.kind === 'copy' ? others[placeholder.of]?.[0] : undefined;
  const what = copied === undefined ? `says ${quoted(value)}` : `repeats ${labelOf(copied)}`;
  const ask = scalarCatalogue[field]?.ask ?? 'write the real answer';
  return { met: false, field, reason: 'placeholder', message: `${labelOf(field)} ${what}: ${ask}` };
}

/** What a list lacks, as what to add: "Add a pain", "Add the economic buyer to the buying committee". */
function itemsWanted(rule: Extract<Rule, { kind: 'items' }>, counted: number): string {
  const list = listCatalogue[rule.list];
  const label = inSentence(list?.label ?? rule.list);
  const { where } = rule;
  const kinds = where?.in.map(humanise).join(' or ');
  const whereField = where ? inSentence(list?.fields[where.field]?.label ?? where.field) : '';
  if (rule.min > 1)
    return `Add ${rule.min - counted} more to the ${label}${where ? ` with ${whereField} ${kinds}` : ''} (${rule.min} needed)`;
  if (!where) return `Add ${withArticle(list?.item ?? 'item')}`;
  // A role names a kind of person, so the person is "the economic buyer", not "a member with role …".
  if (where.field === 'role') return `Add the ${kinds} to the ${label}`;
  return `Add ${withArticle(list?.item ?? 'item')} with ${whereField} ${kinds}`;
}

function itemsOutcome(packet: Packet, rule: Extract<Rule, { kind: 'items' }>): Outcome {
  const titleField = listCatalogue[rule.list]?.titleField ?? '';
  let placeholder: string | null = null;
  let counted = 0;
  for (const item of liveItems(packet, rule.list)) {
    const title = item.fields[titleField]?.value;
    if (typeof title !== 'string' || title.trim() === '') continue;
    if (rule.where && !rule.where.in.includes(String(item.fields[rule.where.field]?.value ?? ''))) continue;
    if (placeholderOf(title)) placeholder ??= title;
    else counted += 1;
  }
  if (counted >= rule.min) return { met: true };
  const wanted = itemsWanted(rule, counted);
  return placeholder === null
    ? { met: false, field: rule.list, reason: 'too_few', message: wanted }
    : {
        met: false,
        field: rule.list,
        reason: 'placeholder',
        message: `${wanted}: ${quoted(placeholder)} does not count`,
      };
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
  if (typeof value !== 'string' || value === '') return missing(rule.field);
  if (typeof anchor !== 'string' || anchor === '') return missing(rule.of);
  const outOfRange = (limit: string): Outcome => ({
    met: false,
    field: rule.field,
    reason: 'out_of_range',
    message: `Set the ${inSentence(labelOf(rule.field))} ${limit} the ${inSentence(labelOf(rule.of))}`,
  });
  if (daysBetween(anchor, value) < 0) return outOfRange('on or after');
  if (rule.maxDays !== undefined && daysBetween(anchor, value) > rule.maxDays)
    return outOfRange(`within ${rule.maxDays} days of`);
  if (
    rule.maxBusinessDays !== undefined &&
    businessDaysBetween(anchor, value, calendar) > rule.maxBusinessDays
  )
    return outOfRange(`within ${rule.maxBusinessDays} business days of`);
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
            message: `Assign an owner to the ${rule.side} side`,
          };
    }
    case 'noOpenConflicts':
      return packet.conflicts.length === 0
        ? { met: true }
        : {
            met: false,
            field: 'conflicts',
            reason: 'conflicts',
            message:
              packet.conflicts.length === 1
                ? 'Resolve the conflicting edit'
                : `Resolve the ${packet.conflicts.length} conflicting edits`,
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

/**
 * The ids of the handoff point's criteria (exit and entry) that a completeness result found met, in
 * playbook order: what a `submitted` event records so the Improve loop can compare outcomes later.
 */
export function criteriaMet(playbook: HandoffPointPlaybook, result: Completeness): string[] {
  const unmet = new Set(result.gaps.map((gap) => `${gap.stage}:${gap.criterionId}`));
  return [
    ...playbook.exitCriteria.filter((criterion) => !unmet.has(`exit:${criterion.id}`)),
    ...playbook.entryCriteria.filter((criterion) => !unmet.has(`entry:${criterion.id}`)),
  ].map((criterion) => criterion.id);
}
