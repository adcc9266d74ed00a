import { type FieldDef, type ListDef, lists, type ScalarFieldDef, scalarFields } from './fields';
import { type HandoffPoint, handoffPoints } from './handoff-points';
import type { HistoryEvent } from './history';
import { humanise, inSentence, quoted, systemLabels, withArticle } from './labels';
import type { CrmSystem } from './record';

/** How a line looks: returns and SLA steps stand out from the other changes. */
export type HistoryLineKind = 'change' | 'return' | 'sla';

/** One line of a packet's history as people read it. */
export interface HistoryLine {
  /** The seq of the latest event the line stands for: unique within the packet's history. */
  seq: number;
  /** When it happened: the latest event's time. */
  at: string;
  kind: HistoryLineKind;
  /** One sentence saying who did what, in words, never an event code. */
  text: string;
}

export interface HistoryWordsOptions {
  /** Who is behind a user id, as people know them; never the raw id. */
  nameOf(userId: string | null): string;
  /** An instant a line mentions (an SLA deadline), with its time zone. */
  formatInstant(iso: string): string;
}

type Data = HistoryEvent['data'];

const scalarCatalogue: Record<string, ScalarFieldDef> = scalarFields;
const listCatalogue: Record<string, ListDef> = lists;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const isEmpty = (value: unknown) => value === null || value === undefined;

function valueWords(value: unknown, def: FieldDef | undefined): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value !== 'string') return 'an empty value';
  if (def?.type.kind === 'choice') return humanise(value);
  return def?.type.kind === 'date' ? value : quoted(value);
}

function listing(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function recordWords(record: unknown): string {
  const { system, objectKind } = (record ?? {}) as { system?: CrmSystem; objectKind?: string };
  return `${(system && systemLabels[system]) || 'CRM'} ${objectKind ?? 'record'}`;
}

/** The name an added item came with. */
function addedTitle(data: Data): string | null {
  const titleField = listCatalogue[String(data.list)]?.titleField ?? '';
  return text((data.values as Record<string, unknown> | undefined)?.[titleField]);
}

const slaStepTypes: readonly string[] = ['sla_threshold', 'sla_breached', 'escalated'];

/**
 * Consecutive events with the same key read as one line: edits of one field (or one item's field) by one
 * person, and the values one write took from the CRM.
 */
function groupKey(event: HistoryEvent): string | null {
  const { data, actorId } = event;
  if (event.type === 'field_set')
    return data.source === 'crm' ? `crm ${actorId} ${event.at}` : `field ${actorId} ${String(data.field)}`;
  if (event.type === 'item_updated') return `item ${actorId} ${String(data.itemId)} ${String(data.field)}`;
  return null;
}

function groupsOf(events: readonly HistoryEvent[]): HistoryEvent[][] {
  const groups: HistoryEvent[][] = [];
  let previousKey: string | null = null;
  for (const event of events) {
    const key = groupKey(event);
    const last = groups.at(-1);
    if (last && key !== null && key === previousKey) last.push(event);
    else groups.push([event]);
    previousKey = key;
  }
  return groups;
}

/** Words for a packet's history, read from its start so that each item keeps the name it had then. */
class HistoryReader {
  private readonly titles = new Map<string, string>();

  constructor(private readonly options: HistoryWordsOptions) {}

  line(group: readonly HistoryEvent[]): HistoryLine {
    const last = group.at(-1) as HistoryEvent;
    const kind = last.type === 'returned' ? 'return' : slaStepTypes.includes(last.type) ? 'sla' : 'change';
    const sentence = this.sentence(group);
    for (const event of group) this.rememberTitle(event);
    return { seq: last.seq, at: last.at, kind, text: sentence.charAt(0).toUpperCase() + sentence.slice(1) };
  }

  private name(userId: unknown): string {
    return this.options.nameOf(text(userId));
  }

  private rememberTitle({ type, data }: HistoryEvent): void {
    const key = `${String(data.list)}/${String(data.itemId)}`;
    const title =
      type === 'item_added'
        ? addedTitle(data)
        : type === 'item_updated' && data.field === listCatalogue[String(data.list)]?.titleField
          ? text(data.value)
          : undefined;
    if (title) this.titles.set(key, title);
    else if (title === null && type === 'item_updated') this.titles.delete(key);
  }

  /** An item by the name it has now, with its list ('"Erin Buyer" in the buying committee'), or "a pain". */
  private item(list: unknown, itemId: unknown, preposition = 'in'): string {
    const def = listCatalogue[String(list)];
    const title = this.titles.get(`${String(list)}/${String(itemId)}`);
    if (!title) return withArticle(def?.item ?? 'item');
    return `${quoted(title)} ${preposition} the ${inSentence(def?.label ?? String(list))}`;
  }

  /** What a conflict is about: a field, or a field of an item. */
  private target(target: unknown): { words: string; def?: FieldDef } {
    const aim = (target ?? {}) as { kind?: string; field?: string; list?: string; itemId?: string };
    const field = aim.field ?? '';
    if (aim.kind !== 'item')
      return { words: scalarCatalogue[field]?.label ?? 'a field', def: scalarCatalogue[field] };
    const def = listCatalogue[aim.list ?? '']?.fields[field];
    return { words: `${def?.label ?? 'a field'} of ${this.item(aim.list, aim.itemId)}`, def };
  }

  private fieldEdits(who: string, group: readonly HistoryEvent[]): string {
    const first = (group[0] as HistoryEvent).data;
    const last = (group.at(-1) as HistoryEvent).data;
    const def = scalarCatalogue[String(last.field)];
    const label = def?.label ?? 'a field';
    if (isEmpty(last.value)) return `${who} cleared ${label}`;
    return `${who} ${isEmpty(first.previous) ? 'set' : 'changed'} ${label} to ${valueWords(last.value, def)}`;
  }

  private crmValues(who: string, group: readonly HistoryEvent[]): string {
    const defs = group.map((event) => scalarCatalogue[String(event.data.field)]);
    const labels = [...new Set(defs.map((def) => def?.label ?? 'a field'))];
    const only = group.length === 1 ? `: ${valueWords((group[0] as HistoryEvent).data.value, defs[0])}` : '';
    return `${who} filled in ${listing(labels)} from the CRM${only}`;
  }

  private itemEdits(who: string, group: readonly HistoryEvent[]): string {
    const { list, itemId, field, value } = (group.at(-1) as HistoryEvent).data;
    const def = listCatalogue[String(list)]?.fields[String(field)];
    const label = def?.label ?? 'a field';
    const change = isEmpty(value) ? `${label} cleared` : `${label} now ${valueWords(value, def)}`;
    return `${who} edited ${this.item(list, itemId)}: ${change}`;
  }

  private reassigned(who: string, actorId: string, data: Data): string {
    const side = `the ${String(data.side)} side`;
    const from = text(data.from) && data.from !== actorId ? ` from ${this.name(data.from)}` : '';
    const reason = text(data.reason) ? ` (${String(data.reason)})` : '';
    if (data.to === actorId) return `${who} took ${side}${from}${reason}`;
    const to = text(data.to) ? this.name(data.to) : 'its team';
    return `${who} handed ${side}${from} to ${to}${reason}`;
  }

  /** An SLA step: the clock's label, where it stands, and whom it concerned. */
  private slaStep({ type, data }: HistoryEvent): string {
    const label = text(data.label) ?? 'An SLA';
    const deadline = text(data.deadline);
    const when = deadline ? this.options.formatInstant(deadline) : null;
    const team = `the ${String(data.side)} team`;
    const owner = text(data.ownerId) ? this.name(data.ownerId) : team;
    if (type === 'sla_threshold') return `${label}: due ${when ? `by ${when}` : 'soon'}; ${owner} reminded`;
    const missed = when ? ` (deadline ${when})` : '';
    if (type === 'sla_breached') return `${label}: breached${missed}; ${owner} told`;
    if (data.action === 'remind_owner') return `${label}: still overdue${missed}; ${owner} reminded again`;
    if (data.action === 'notify_manager') return `${label}: breached${missed}; ${team}'s manager notified`;
    // A reassign step names whom the side fell to (null: its team); without one there was nobody to take it.
    if (!('reassignedTo' in data)) return `${label}: breached${missed}; nobody to hand it to`;
    return `${label}: breached${missed}; handed to ${text(data.reassignedTo) ? this.name(data.reassignedTo) : team}`;
  }

  private sentence(group: readonly HistoryEvent[]): string {
    const event = group[0] as HistoryEvent;
    const { data } = event;
    const who = this.name(event.actorId);
    const reason = text(data.reason) ? `: ${String(data.reason)}` : '';
    switch (event.type) {
      case 'created': {
        const point = handoffPoints[data.handoffPoint as HandoffPoint];
        return `${who} started the ${point ? `${point.label} ` : ''}handoff on ${withArticle(recordWords(data.record))}`;
      }
      case 'joined':
        return `${this.name(data.userId ?? event.actorId)} joined the handoff`;
      case 'field_set':
        return data.source === 'crm' ? this.crmValues(who, group) : this.fieldEdits(who, group);
      case 'item_added': {
        const def = listCatalogue[String(data.list)];
        const title = addedTitle(data);
        if (!title) return `${who} added ${withArticle(def?.item ?? 'item')}`;
        return `${who} added ${quoted(title)} to the ${inSentence(def?.label ?? String(data.list))}`;
      }
      case 'item_updated':
        return this.itemEdits(who, group);
      case 'item_removed':
        return `${who} removed ${this.item(data.list, data.itemId, 'from')}`;
      case 'linked':
        return `${who} linked ${withArticle(recordWords(data.record))}`;
      case 'unlinked':
        return `${who} unlinked the ${recordWords(data.record)}`;
      case 'conflict_opened':
        return `${who} edited ${this.target(data.target).words} without seeing the latest change: both versions wait for someone to choose`;
      case 'conflict_resolved': {
        const { words, def } = this.target(data.target);
        return `${who} settled the conflicting edits of ${words}, keeping ${valueWords(data.value, def)}`;
      }
      case 'submitted': {
        const { completeness } = data;
        const score =
          typeof completeness === 'number' ? ` (completeness ${Math.round(completeness * 100)} %)` : '';
        return `${who} submitted the handoff${score}`;
      }
      case 'accepted': {
        const receiver = text(data.receivingUserId);
        const onBehalf = receiver && receiver !== event.actorId ? ` for ${this.name(receiver)}` : '';
        return `${who} accepted the handoff${onBehalf}`;
      }
      case 'returned':
        return `${who} returned it${reason}`;
      case 'reopened':
        return `${who} reopened the handoff`;
      case 'kickoff_held':
        return `${who} marked the kickoff held`;
      case 'first_value_reached':
        return `${who} marked first value reached`;
      case 'closed':
        return `${who} closed the handoff${reason}`;
      case 'reassigned':
        return this.reassigned(who, event.actorId, data);
      case 'sla_threshold':
      case 'sla_breached':
      case 'escalated':
        return this.slaStep(event);
      case 'closed_won': {
        const facts: string[] = [];
        if (text(data.stage)) facts.push(`stage ${String(data.stage)}`);
        if (typeof data.amount === 'number') facts.push(`amount ${data.amount.toLocaleString()}`);
        return `${who} reported the deal won${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
      }
    }
  }
}

/**
 * A packet's history as lines people read, newest first: one sentence each, naming people by `nameOf`;
 * several edits of one field by one person in a row read as one line with the latest value.
 */
export function historyLines(events: readonly HistoryEvent[], options: HistoryWordsOptions): HistoryLine[] {
  const reader = new HistoryReader(options);
  return groupsOf(events)
    .map((group) => reader.line(group))
    .reverse();
}
