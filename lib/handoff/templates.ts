import Mustache from 'mustache';
import { type ListName, listNames, lists, scalarFieldNames } from './fields';
import { liveItems, type Packet } from './packet';
import type { Template } from './playbook';

/**
 * Orchestration templates (intro emails, agendas, checklists) are Mustache rendered from the packet.
 * Names are checked against the field catalogue when a playbook is saved, so a typo is refused then
 * instead of silently rendering an empty line in a customer email.
 */

export type TemplateValue = string | number | boolean | null;
export type ItemView = Record<string, TemplateValue>;
export interface TemplateView {
  [name: string]: TemplateValue | TemplateView | ItemView[];
}

/** The packet stores owners as ids; the caller knows their display names. */
export interface OwnerNames {
  givingOwnerName?: string;
  receivingOwnerName?: string;
}

export interface RenderedTemplate {
  subject: string | null;
  body: string;
  /** Catalogue names the output lacks, in order of use: scalar fields, lists, or `list.field`. */
  missing: string[];
}

export interface TemplateProblem {
  path: (string | number)[];
  message: string;
}

type Token = Mustache.TemplateSpans[number];

/** Explicit per call, so that another caller changing Mustache's global tags cannot break ours. */
const tags: Mustache.OpeningAndClosingTags = ['{{', '}}'];

/** Emails and agendas are plain text: `&` and `<` must reach the customer as typed. */
const plainText = (value: unknown): string => String(value);

const valueNames = new Set<string>([...scalarFieldNames, 'owners.giving', 'owners.receiving']);
const groupNames = new Set([...valueNames].flatMap(prefixesOf));

function prefixesOf(name: string): string[] {
  const parts = name.split('.');
  return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('.'));
}

function isListName(name: string): name is ListName {
  return Object.hasOwn(lists, name);
}

function isFilled(value: TemplateValue | undefined): boolean {
  return value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
}

interface PacketValues {
  values: Map<string, TemplateValue>;
  items: Record<ListName, ItemView[]>;
}

/**
 * Every catalogue name gets a key, null when empty: Mustache looks a name up in enclosing contexts
 * when the inner one lacks it, so a key present everywhere keeps lookups where `templateProblems`
 * resolved them.
 */
function packetValues(packet: Packet, owners: OwnerNames): PacketValues {
  const values = new Map<string, TemplateValue>();
  for (const name of scalarFieldNames) values.set(name, packet.fields[name]?.value ?? null);
  values.set('owners.giving', owners.givingOwnerName ?? null);
  values.set('owners.receiving', owners.receivingOwnerName ?? null);
  const items = Object.fromEntries(listNames.map((list) => [list, itemViews(packet, list)]));
  return { values, items: items as Record<ListName, ItemView[]> };
}

/** Live items that have their title field: as in completeness, an item without it is not an item. */
function itemViews(packet: Packet, list: ListName): ItemView[] {
  const def = lists[list];
  const fieldNames = Object.keys(def.fields);
  return liveItems(packet, list)
    .filter((item) => isFilled(item.fields[def.titleField]?.value))
    .map((item) => Object.fromEntries(fieldNames.map((field) => [field, item.fields[field]?.value ?? null])));
}

function isNestedView(value: TemplateView[string] | undefined): value is TemplateView {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setNested(view: TemplateView, path: string[], value: TemplateValue): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    view[head] = value;
    return;
  }
  const existing = view[head];
  const child = isNestedView(existing) ? existing : {};
  view[head] = child;
  setNested(child, rest, value);
}

function viewOf({ values, items }: PacketValues): TemplateView {
  const view: TemplateView = {};
  for (const [name, value] of values) setNested(view, name.split('.'), value);
  for (const list of listNames) view[list] = items[list];
  return view;
}

/** The Mustache view of a packet: `{{customer.name}}`, `{{#risks}}{{text}}{{/risks}}`, `{{owners.giving}}`. */
export function templateView(packet: Packet, extras: OwnerNames = {}): TemplateView {
  return viewOf(packetValues(packet, extras));
}

/** What a name in a template stands for; `name` is its catalogue name, as reported in `missing`. */
type Ref =
  | { kind: 'value'; name: string }
  | { kind: 'group'; name: string }
  | { kind: 'list'; name: ListName }
  | { kind: 'itemField'; name: string; list: ListName; field: string };

/** The context a section pushes, mirroring what Mustache pushes at render time. */
type Scope =
  | { kind: 'group'; prefix: string }
  | { kind: 'items'; list: ListName }
  | { kind: 'value'; ref: Ref };

function resolveQualified(name: string): Ref | undefined {
  if (valueNames.has(name)) return { kind: 'value', name };
  if (groupNames.has(name)) return { kind: 'group', name };
  if (isListName(name)) return { kind: 'list', name };
  return undefined;
}

function resolveIn(scope: Scope, name: string): Ref | undefined {
  switch (scope.kind) {
    case 'group':
      return resolveQualified(`${scope.prefix}.${name}`);
    case 'items':
      return Object.hasOwn(lists[scope.list].fields, name)
        ? { kind: 'itemField', name: `${scope.list}.${name}`, list: scope.list, field: name }
        : undefined;
    case 'value':
      return undefined;
  }
}

/** Innermost scope first, then outwards to the packet, as Mustache's context lookup does. */
function resolve(name: string, scopes: readonly Scope[]): Ref | undefined {
  if (name === '.') {
    const innermost = scopes.at(-1);
    return innermost?.kind === 'value' ? innermost.ref : undefined;
  }
  for (const scope of scopes.toReversed()) {
    const ref = resolveIn(scope, name);
    if (ref) return ref;
  }
  return resolveQualified(name);
}

function scopeOf(ref: Ref): Scope {
  if (ref.kind === 'group') return { kind: 'group', prefix: ref.name };
  if (ref.kind === 'list') return { kind: 'items', list: ref.name };
  return { kind: 'value', ref };
}

function isVariable(type: string): boolean {
  return type === 'name' || type === '&';
}

function isSection(type: string): boolean {
  return type === '#' || type === '^';
}

function childrenOf(token: Token): Mustache.TemplateSpans {
  return token.length === 6 && Array.isArray(token[4]) ? token[4] : [];
}

/** A throwaway writer: its parse cache goes with it instead of growing for every template ever seen. */
function parse(source: string): { writer: Mustache.Writer; tokens: Mustache.TemplateSpans } {
  const writer = new Mustache.Writer();
  return { writer, tokens: writer.parse(source, tags) };
}

function hasValue(ref: Ref, { values, items }: PacketValues): boolean {
  switch (ref.kind) {
    case 'value':
      return isFilled(values.get(ref.name));
    case 'group':
      return true;
    case 'list':
      return items[ref.name].length > 0;
    case 'itemField':
      return items[ref.list].some((item) => isFilled(item[ref.field]));
  }
}

/**
 * Follows what renders: a section without a value reports its own name and not the names inside it,
 * an inverted section is the template handling absence so its name is never reported, and inside a
 * list an item field is missing only when no item has it (one contact without a job title is not worth a
 * warning; a column empty in every row is).
 */
function collectMissing(
  tokens: Mustache.TemplateSpans,
  scopes: readonly Scope[],
  packet: PacketValues,
  missing: Set<string>,
): void {
  for (const token of tokens) {
    const [type, name] = token;
    if (!isVariable(type) && !isSection(type)) continue;
    // Names outside the catalogue are refused by templateProblems when the playbook is saved.
    const ref = resolve(name, scopes);
    if (!ref) continue;
    const present = hasValue(ref, packet);
    if (type === '^') {
      if (!present) collectMissing(childrenOf(token), scopes, packet, missing);
    } else if (!present) missing.add(ref.name);
    else if (type === '#') collectMissing(childrenOf(token), [...scopes, scopeOf(ref)], packet, missing);
  }
}

/**
 * Renders a template that `templateProblems` accepted (an unparseable one throws) as plain text.
 * Subjects are folded onto one line, since a value with a line break would otherwise split the header.
 */
export function renderTemplate(
  template: Template,
  packet: Packet,
  extras: OwnerNames = {},
): RenderedTemplate {
  const values = packetValues(packet, extras);
  const view = viewOf(values);
  const missing = new Set<string>();
  const render = (source: string): string => {
    const { writer, tokens } = parse(source);
    collectMissing(tokens, [], values, missing);
    return writer.render(source, view, undefined, { tags, escape: plainText });
  };
  const subject =
    template.subject === undefined ? null : render(template.subject).replace(/\s+/g, ' ').trim();
  const body = render(template.body);
  return { subject, body, missing: [...missing] };
}

function usageProblem(tag: string, name: string, ref: Ref | undefined, type: string): string | null {
  if (!ref) {
    if (name === '.') return `${tag}: "." names a value only inside a section on that value`;
    return `${tag}: "${name}" is not a packet field, list or owner name here`;
  }
  if (!isVariable(type)) return null;
  if (ref.kind === 'list')
    return `${tag}: "${name}" is a list; repeat over it with {{#${name}}}…{{/${name}}}`;
  if (ref.kind === 'group') {
    const example = [...valueNames].find((value) => value.startsWith(`${ref.name}.`));
    return `${tag}: "${name}" is a group of fields; name one of them, such as {{${example}}}`;
  }
  return null;
}

function collectProblems(
  tokens: Mustache.TemplateSpans,
  scopes: readonly Scope[],
  source: string,
  problems: Set<string>,
): void {
  for (const token of tokens) {
    const [type, name, start, end] = token;
    const tag = source.slice(start, end);
    if (type === '>') {
      problems.add(`${tag}: partials are not supported`);
      continue;
    }
    if (!isVariable(type) && !isSection(type)) continue;
    const ref = resolve(name, scopes);
    const problem = usageProblem(tag, name, ref, type);
    if (problem) problems.add(problem);
    // Inside an unknown section every item field would be reported again; one problem says it.
    if (ref && isSection(type)) {
      collectProblems(childrenOf(token), type === '#' ? [...scopes, scopeOf(ref)] : scopes, source, problems);
    }
  }
}

function templateParts(template: Template): Array<['subject' | 'body', string]> {
  return template.subject === undefined
    ? [['body', template.body]]
    : [
        ['subject', template.subject],
        ['body', template.body],
      ];
}

/**
 * Why a template cannot be used: Mustache cannot parse it, or it names something the packet does not
 * have. Names resolve as they will at render time: inside `{{#list}}` to that list's item fields,
 * inside `{{#group}}` (e.g. `customer`) to the group's fields, and otherwise to packet-level names.
 */
export function templateProblems(template: Template): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [part, source] of templateParts(template)) {
    let tokens: Mustache.TemplateSpans;
    try {
      tokens = parse(source).tokens;
    } catch (error) {
      problems.push({ path: [part], message: `cannot be parsed: ${(error as Error).message}` });
      continue;
    }
    const messages = new Set<string>();
    collectProblems(tokens, [], source, messages);
    for (const message of messages) problems.push({ path: [part], message });
  }
  return problems;
}
