/**
 * The transfer packet's vocabulary: every scalar field and every list, with the type of each value.
 * Criteria, the editor, templates and the mutators all name fields from this catalogue.
 */
export type FieldType =
  | { kind: 'text'; maxLength: number }
  /** `ahead`: a date still to come when it is set (a target); one in the past gets a warning. */
  | { kind: 'date'; ahead?: boolean }
  | { kind: 'number'; integer: boolean; min: number }
  | { kind: 'email' }
  /** A web domain as acme.com: what people paste (a URL, capitals) is made one by `asDomain`. */
  | { kind: 'domain' }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: readonly string[] };

export interface FieldDef {
  label: string;
  type: FieldType;
}

export interface ScalarFieldDef extends FieldDef {
  /** What filling it in asks of a person ("write what was decided"): the end of its completeness gaps. */
  ask: string;
}

const text: FieldType = { kind: 'text', maxLength: 500 };
const longText: FieldType = { kind: 'text', maxLength: 10_000 };
const date: FieldType = { kind: 'date' };
const dateAhead: FieldType = { kind: 'date', ahead: true };
const amount: FieldType = { kind: 'number', integer: false, min: 0 };
const count: FieldType = { kind: 'number', integer: true, min: 0 };
const choice = (...options: string[]): FieldType => ({ kind: 'choice', options });

export const scalarFields = {
  'customer.name': { label: 'Customer name', type: text, ask: "write the customer's name" },
  'customer.domain': {
    label: 'Customer web domain',
    type: { kind: 'domain' },
    ask: 'write their web domain, as acme.com',
  },
  'lead.source': { label: 'Lead source', type: text, ask: 'write what brought the lead in' },
  'lead.intent': {
    label: 'Buying trigger and intent',
    type: longText,
    ask: 'write what made them want to buy',
  },
  'deal.stage': { label: 'Deal stage', type: text, ask: "write the deal's stage in the CRM" },
  'deal.amount': { label: 'Deal amount', type: amount, ask: 'enter the amount of the deal' },
  'deal.owner': { label: 'Deal owner in the CRM', type: text, ask: 'write who owns the deal in the CRM' },
  'keyDates.close': { label: 'Close date', type: date, ask: 'set the date the deal closed' },
  'keyDates.contractStart': { label: 'Contract start', type: date, ask: 'set the date the contract starts' },
  'keyDates.kickoffTarget': {
    label: 'Kickoff target',
    type: dateAhead,
    ask: 'set the date promised for the kickoff',
  },
  'keyDates.goLive': { label: 'Go-live', type: dateAhead, ask: 'set the date they plan to go live' },
  'keyDates.renewal': { label: 'Renewal date', type: date, ask: 'set the date the contract renews' },
  decisionNotes: { label: 'Decision notes', type: longText, ask: 'write what was decided' },
  'successPlan.summary': {
    label: 'Mutual success plan summary',
    type: longText,
    ask: 'write what you and the customer agreed to achieve',
  },
  'scope.seats': { label: 'Seats', type: count, ask: 'enter the number of seats sold' },
  'scope.arr': { label: 'ARR', type: amount, ask: 'enter the annual recurring revenue' },
  'scope.exclusions': { label: 'Out of scope', type: longText, ask: 'write what was not promised' },
  'support.entitlement': {
    label: 'Support entitlement',
    type: choice('standard', 'premium', 'enterprise'),
    ask: 'choose the support level sold',
  },
  'support.openIssues': {
    label: 'Open issues and workarounds',
    type: longText,
    ask: 'write the known issues and their workarounds',
  },
  'renewal.health': {
    label: 'Account health',
    type: choice('green', 'yellow', 'red'),
    ask: 'choose how the account is doing',
  },
  'renewal.expansionNotes': {
    label: 'Expansion opportunity',
    type: longText,
    ask: 'write where the account can grow',
  },
} as const satisfies Record<string, ScalarFieldDef>;

export type ScalarField = keyof typeof scalarFields;
export const scalarFieldNames = Object.keys(scalarFields) as ScalarField[];

export interface ListDef {
  label: string;
  /** The item field that names an item; an item without it is not an item. */
  titleField: string;
  /** One item, spoken of on its own ("a buying committee member"). */
  item: string;
  fields: Record<string, FieldDef>;
}

export const buyingRoles = [
  'champion',
  'economic_buyer',
  'decision_maker',
  'user',
  'blocker',
  'influencer',
] as const;

export const lists = {
  personas: {
    label: 'Personas',
    titleField: 'role',
    item: 'persona',
    fields: {
      role: { label: 'Persona', type: text },
      description: { label: 'What they need', type: longText },
    },
  },
  pains: {
    label: 'Pains',
    titleField: 'text',
    item: 'pain',
    fields: { text: { label: 'Pain', type: longText }, impact: { label: 'Business impact', type: longText } },
  },
  goals: {
    label: 'Success plan goals',
    titleField: 'text',
    item: 'success plan goal',
    fields: { text: { label: 'Goal', type: longText }, metric: { label: 'How it is measured', type: text } },
  },
  milestones: {
    label: 'Success plan milestones',
    titleField: 'title',
    item: 'success plan milestone',
    fields: {
      title: { label: 'Milestone', type: text },
      due: { label: 'Due', type: date },
      owner: { label: 'Owner', type: text },
      done: { label: 'Done', type: { kind: 'boolean' } },
    },
  },
  buyingCommittee: {
    label: 'Buying committee',
    titleField: 'name',
    item: 'buying committee member',
    fields: {
      name: { label: 'Name', type: text },
      title: { label: 'Title', type: text },
      role: { label: 'Role', type: choice(...buyingRoles) },
      email: { label: 'Email', type: { kind: 'email' } },
      influence: { label: 'Influence', type: choice('low', 'medium', 'high') },
    },
  },
  integrations: {
    label: 'Integrations',
    titleField: 'system',
    item: 'integration',
    fields: {
      system: { label: 'System', type: text },
      purpose: { label: 'Purpose', type: text },
      status: { label: 'Status', type: choice('planned', 'in_progress', 'live') },
    },
  },
  risks: {
    label: 'Risks',
    titleField: 'text',
    item: 'risk',
    fields: {
      text: { label: 'Risk', type: longText },
      severity: { label: 'Severity', type: choice('low', 'medium', 'high', 'critical') },
      mitigation: { label: 'Mitigation', type: longText },
    },
  },
  firstValueCriteria: {
    label: 'First-value criteria',
    titleField: 'text',
    item: 'first-value criterion',
    fields: { text: { label: 'Criterion', type: longText }, measure: { label: 'Measured by', type: text } },
  },
  useCases: {
    label: 'Use cases',
    titleField: 'name',
    item: 'use case',
    fields: {
      name: { label: 'Use case', type: text },
      description: { label: 'Description', type: longText },
    },
  },
  products: {
    label: 'Products in scope',
    titleField: 'name',
    item: 'product in scope',
    fields: { name: { label: 'Product', type: text }, quantity: { label: 'Quantity', type: count } },
  },
} as const satisfies Record<string, ListDef>;

export type ListName = keyof typeof lists;
export const listNames = Object.keys(lists) as ListName[];

export type FieldValueInput = string | number | boolean;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
// Labels of letters, digits and inner hyphens, dot-separated, ending in an alphabetic (or xn--) top level.
const domainPattern =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The domain in what people paste for one: `https://www.Acme.com/about` → `www.acme.com`; other text as typed. */
export function asDomain(text: string): string {
  const trimmed = text.trim();
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]+)(?:[/?#].*)?$/i.exec(trimmed)?.[1];
  return host ? host.toLowerCase().replace(/\.$/, '') : trimmed;
}
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a value against its field's type; returns the value to store or why it is refused. */
export function checkFieldValue(
  def: FieldDef,
  value: FieldValueInput,
): { ok: true } | { ok: false; message: string } {
  const type = def.type;
  switch (type.kind) {
    case 'text':
      if (typeof value !== 'string') return { ok: false, message: `${def.label} must be text` };
      if (value.length > type.maxLength)
        return { ok: false, message: `${def.label} is longer than ${type.maxLength} characters` };
      return { ok: true };
    case 'date':
      if (typeof value !== 'string' || !isDateValid(value))
        return { ok: false, message: `${def.label} must be a date as YYYY-MM-DD` };
      return { ok: true };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { ok: false, message: `${def.label} must be a number` };
      if (type.integer && !Number.isInteger(value))
        return { ok: false, message: `${def.label} must be a whole number` };
      if (value < type.min) return { ok: false, message: `${def.label} must be at least ${type.min}` };
      return { ok: true };
    case 'email':
      if (typeof value !== 'string' || value.length > 320 || !emailPattern.test(value))
        return { ok: false, message: `${def.label} must be an email address` };
      return { ok: true };
    case 'domain':
      if (typeof value !== 'string' || !domainPattern.test(value))
        return { ok: false, message: `${def.label} must be a web domain, as acme.com` };
      return { ok: true };
    case 'boolean':
      return typeof value === 'boolean'
        ? { ok: true }
        : { ok: false, message: `${def.label} must be yes or no` };
    case 'choice':
      if (typeof value !== 'string' || !type.options.includes(value))
        return { ok: false, message: `${def.label} must be one of ${type.options.join(', ')}` };
      return { ok: true };
  }
}

/** A calendar date as YYYY-MM-DD that exists (no 30 February). */
export function isDateValid(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
