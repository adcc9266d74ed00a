import { type FieldDef, type ListDef, lists, type ScalarFieldDef, scalarFields } from './fields';
import { type HandoffPoint, handoffPoints } from './handoff-points';
import type { HistoryEvent } from './history';
import { humanise, inSentence, quoted, systemLabels, withArticle } from './labels';
import type { FieldTarget } from './packet';
import type { RecordKey } from './record';

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

/** What the mutators (lib/sync/mutators) put in an event's data, by the events that carry it. */
interface EventData {
  record?: RecordKey;
  handoffPoint?: HandoffPoint;
  userId?: string;
  field?: string;
  list?: string;
  itemId?: string;
  values?: Record<string, unknown>;
  value?: unknown;
  previous?: unknown;
  source?: string;
  target?: FieldTarget;
  completeness?: number;
  receivingUserId?: string | null;
  reason?: string | null;
  side?: 'giving' | 'receiving';
  from?: string | null;
  to?: string | null;
  label?: string;
  deadline?: string;
  ownerId?: string | null;
  action?: string;
  reassignedTo?: string | null;
  stage?: string;
  amount?: number;
}

const scalarCatalogue: Record<string, ScalarFieldDef> = scalarFields;
const listCatalogue: Record<string, ListDef> = lists;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

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

function recordWords(record: RecordKey | undefined): string {
  return record ? `${systemLabels[record.system]} ${record.objectKind}` : 'record';
}

/** The name an added item came with. */
function addedTitle(data: EventData): string | undefined {
  const title = data.values?.[listCatalogue[data.list ?? '']?.titleField ?? ''];
  return typeof title === 'string' && title !== '' ? title : undefined;
}

/**
 * Consecutive events with the same key read as one line: edits of one field (or one item's field) by one
 * person, and the values one write took from the CRM.
 */
function groupKey({ type, actorId, at, data }: HistoryEvent): string | null {
  const { field, itemId, source } = data as EventData;
  if (type === 'field_set') return source === 'crm' ? `crm ${actorId} ${at}` : `field ${actorId} ${field}`;
  return type === 'item_updated' ? `item ${actorId} ${itemId} ${field}` : null;
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

/** An SLA step: the clock's label, where it stands, and whom it concerned. */
function slaWords(type: string, data: EventData, { nameOf, formatInstant }: HistoryWordsOptions): string {
  const { label = 'An SLA', deadline, side, ownerId, action, reassignedTo } = data;
  const team = `the ${side} team`;
  const owner = ownerId ? nameOf(ownerId) : team;
  if (type === 'sla_threshold')
    return `${label}: due ${deadline ? `by ${formatInstant(deadline)}` : 'soon'}; ${owner} reminded`;
  const breached = `${label}: ${action === 'remind_owner' ? 'still overdue' : 'breached'}${deadline ? ` (deadline ${formatInstant(deadline)})` : ''}`;
  if (type === 'sla_breached') return `${breached}; ${owner} told`;
  if (action === 'remind_owner') return `${breached}; ${owner} reminded again`;
  if (action === 'notify_manager') return `${breached}; ${team}'s manager notified`;
  // A reassign step names whom the side fell to (null: its team); without one there was nobody to take it.
  if (reassignedTo === undefined) return `${breached}; nobody to hand it to`;
  return `${breached}; handed to ${reassignedTo ? nameOf(reassignedTo) : team}`;
}

function reassignedWords(
  who: string,
  actorId: string,
  data: EventData,
  nameOf: HistoryWordsOptions['nameOf'],
) {
  const { side, from, to, reason } = data;
  const fromWhom = from && from !== actorId ? ` from ${nameOf(from)}` : '';
  const why = reason ? ` (${reason})` : '';
  if (to === actorId) return `${who} took the ${side} side${fromWhom}${why}`;
  return `${who} handed the ${side} side${fromWhom} to ${to ? nameOf(to) : 'its team'}${why}`;
}

/**
 * A packet's history as lines people read, newest first: one sentence each, naming people by `nameOf`;
 * several edits of one field by one person in a row read as one line with the latest value.
 */
export function historyLines(events: readonly HistoryEvent[], options: HistoryWordsOptions): HistoryLine[] {
  const { nameOf } = options;
  // Items by the name they had at the time of each line, as the history is read from its start.
  const titles = new Map<string, string>();

  /** '"Erin Buyer" in the buying committee', or "a pain" while the item has no name. */
  const item = (list = '', itemId = '', preposition = 'in') => {
    const def = listCatalogue[list];
    const title = titles.get(`${list}/${itemId}`);
    return title
      ? `${quoted(title)} ${preposition} the ${inSentence(def?.label ?? list)}`
      : withArticle(def?.item ?? 'item');
  };

  /** What a conflict is about, and the definition of the value it holds. */
  const conflictOver = (target: FieldTarget | undefined): [string, FieldDef | undefined] => {
    if (target?.kind !== 'item') {
      const def = scalarCatalogue[target?.field ?? ''];
      return [def?.label ?? 'a field', def];
    }
    const def = listCatalogue[target.list]?.fields[target.field];
    return [`${def?.label ?? 'a field'} of ${item(target.list, target.itemId)}`, def];
  };

  const sentence = (group: readonly HistoryEvent[]): string => {
    const { type, actorId, data: raw } = group[0] as HistoryEvent;
    const data = raw as EventData;
    const last = (group.at(-1) as HistoryEvent).data as EventData;
    const who = nameOf(actorId);
    const because = data.reason ? `: ${data.reason}` : '';
    switch (type) {
      case 'created': {
        const point = data.handoffPoint && handoffPoints[data.handoffPoint];
        return `${who} started the ${point ? `${point.label} ` : ''}handoff on ${withArticle(recordWords(data.record))}`;
      }
      case 'joined':
        return `${nameOf(data.userId ?? actorId)} joined the handoff`;
      case 'field_set': {
        if (data.source === 'crm') {
          const defs = group.map((event) => scalarCatalogue[(event.data as EventData).field ?? '']);
          const labels = [...new Set(defs.map((def) => def?.label ?? 'a field'))];
          const only = group.length === 1 ? `: ${valueWords(data.value, defs[0])}` : '';
          return `${who} filled in ${listing(labels)} from the CRM${only}`;
        }
        const def = scalarCatalogue[data.field ?? ''];
        const label = def?.label ?? 'a field';
        if (isEmpty(last.value)) return `${who} cleared ${label}`;
        return `${who} ${isEmpty(data.previous) ? 'set' : 'changed'} ${label} to ${valueWords(last.value, def)}`;
      }
      case 'item_added': {
        const def = listCatalogue[data.list ?? ''];
        const title = addedTitle(data);
        return title
          ? `${who} added ${quoted(title)} to the ${inSentence(def?.label ?? 'list')}`
          : `${who} added ${withArticle(def?.item ?? 'item')}`;
      }
      case 'item_updated': {
        const def = listCatalogue[data.list ?? '']?.fields[data.field ?? ''];
        const label = def?.label ?? 'a field';
        const now = isEmpty(last.value) ? `${label} cleared` : `${label} now ${valueWords(last.value, def)}`;
        return `${who} edited ${item(data.list, data.itemId)}: ${now}`;
      }
      case 'item_removed':
        return `${who} removed ${item(data.list, data.itemId, 'from')}`;
      case 'linked':
        return `${who} linked ${withArticle(recordWords(data.record))}`;
      case 'unlinked':
        return `${who} unlinked the ${recordWords(data.record)}`;
      case 'conflict_opened':
        return `${who} edited ${conflictOver(data.target)[0]} over a change they had not seen: both versions wait for a choice`;
      case 'conflict_resolved': {
        const [what, def] = conflictOver(data.target);
        return `${who} settled the conflicting edits of ${what}, keeping ${valueWords(data.value, def)}`;
      }
      case 'submitted': {
        const score =
          data.completeness === undefined ? '' : ` (completeness ${Math.round(data.completeness * 100)} %)`;
        return `${who} submitted the handoff${score}`;
      }
      case 'accepted': {
        const receiver = data.receivingUserId;
        return `${who} accepted the handoff${receiver && receiver !== actorId ? ` for ${nameOf(receiver)}` : ''}`;
      }
      case 'returned':
        return `${who} returned it${because}`;
      case 'reopened':
        return `${who} reopened the handoff`;
      case 'kickoff_held':
        return `${who} marked the kickoff held`;
      case 'first_value_reached':
        return `${who} marked first value reached`;
      case 'closed':
        return `${who} closed the handoff${because}`;
      case 'reassigned':
        return reassignedWords(who, actorId, data, nameOf);
      case 'sla_threshold':
      case 'sla_breached':
      case 'escalated':
        return slaWords(type, data, options);
      case 'closed_won': {
        const facts = [
          data.stage && `stage ${data.stage}`,
          data.amount && `amount ${data.amount.toLocaleString()}`,
        ];
        const known = facts.filter(Boolean).join(', ');
        return `${who} reported the deal won${known ? ` (${known})` : ''}`;
      }
    }
  };

  const rememberTitles = (group: readonly HistoryEvent[]) => {
    for (const { type, data: raw } of group) {
      const data = raw as EventData;
      const key = `${data.list}/${data.itemId}`;
      if (type === 'item_added') {
        const title = addedTitle(data);
        if (title) titles.set(key, title);
      }
      if (type === 'item_updated' && data.field === listCatalogue[data.list ?? '']?.titleField) {
        if (typeof data.value === 'string' && data.value !== '') titles.set(key, data.value);
        else titles.delete(key);
      }
    }
  };

  const slaSteps: readonly string[] = ['sla_threshold', 'sla_breached', 'escalated'];
  return groupsOf(events)
    .map((group): HistoryLine => {
      const last = group.at(-1) as HistoryEvent;
      const text = sentence(group);
      rememberTitles(group);
      return {
        seq: last.seq,
        at: last.at,
        kind: last.type === 'returned' ? 'return' : slaSteps.includes(last.type) ? 'sla' : 'change',
        text: text.charAt(0).toUpperCase() + text.slice(1),
      };
    })
    .reverse();
}
