/**
 * The transfer packet's vocabulary: every scalar field and every list, with the type of each value.
 * Criteria, the editor, templates and the mutators all name fields from this catalogue.
 */
export type FieldType =
  | { kind: 'text'; maxLength: number }
  | { kind: 'date' }
  | { kind: 'number'; integer: boolean; min: number }
  | { kind: 'email' }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: readonly string[] };

export interface FieldDef {
  label: string;
  type: FieldType;
}

const text: FieldType = { kind: 'text', maxLength: 500 };
const longText: FieldType = { kind: 'text', maxLength: 10_000 };
const date: FieldType = { kind: 'date' };
const amount: FieldType = { kind: 'number', integer: false, min: 0 };
const count: FieldType = { kind: 'number', integer: true, min: 0 };
const choice = (...options: string[]): FieldType => ({ kind: 'choice', options });

export const scalarFields = {
  'customer.name': { label: 'Customer name', type: text },
  'customer.domain': { label: 'Customer web domain', type: text },
  'lead.source': { label: 'Lead source', type: text },
  'lead.intent': { label: 'Buying trigger and intent', type: longText },
  'deal.stage': { label: 'Deal stage', type: text },
  'deal.amount': { label: 'Deal amount', type: amount },
  'deal.owner': { label: 'Deal owner in the CRM', type: text },
  'keyDates.close': { label: 'Close date', type: date },
  'keyDates.contractStart': { label: 'Contract start', type: date },
  'keyDates.kickoffTarget': { label: 'Kickoff target', type: date },
  'keyDates.goLive': { label: 'Go-live', type: date },
  'keyDates.renewal': { label: 'Renewal date', type: date },
  decisionNotes: { label: 'Decision notes', type: longText },
  'successPlan.summary': { label: 'Mutual success plan summary', type: longText },
  'scope.seats': { label: 'Seats', type: count },
  'scope.arr': { label: 'ARR', type: amount },
  'scope.exclusions': { label: 'Out of scope', type: longText },
  'support.entitlement': { label: 'Support entitlement', type: choice('standard', 'premium', 'enterprise') },
  'support.openIssues': { label: 'Open issues and workarounds', type: longText },
  'renewal.health': { label: 'Account health', type: choice('green', 'yellow', 'red') },
  'renewal.expansionNotes': { label: 'Expansion opportunity', type: longText },
} as const satisfies Record<string, FieldDef>;

export type ScalarField = keyof typeof scalarFields;
export const scalarFieldNames = Object.keys(scalarFields) as ScalarField[];

export interface ListDef {
  label: string;
  /** The item field that names an item; an item without it is not an item. */
  titleField: string;
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
    fields: {
      role: { label: 'Persona', type: text },
      description: { label: 'What they need', type: longText },
    },
  },
  pains: {
    label: 'Pains',
    titleField: 'text',
    fields: { text: { label: 'Pain', type: longText }, impact: { label: 'Business impact', type: longText } },
  },
  goals: {
    label: 'Success plan goals',
    titleField: 'text',
    fields: { text: { label: 'Goal', type: longText }, metric: { label: 'How it is measured', type: text } },
  },
  milestones: {
    label: 'Success plan milestones',
    titleField: 'title',
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
    fields: {
      system: { label: 'System', type: text },
      purpose: { label: 'Purpose', type: text },
      status: { label: 'Status', type: choice('planned', 'in_progress', 'live') },
    },
  },
  risks: {
    label: 'Risks',
    titleField: 'text',
    fields: {
      text: { label: 'Risk', type: longText },
      severity: { label: 'Severity', type: choice('low', 'medium', 'high', 'critical') },
      mitigation: { label: 'Mitigation', type: longText },
    },
  },
  firstValueCriteria: {
    label: 'First-value criteria',
    titleField: 'text',
    fields: { text: { label: 'Criterion', type: longText }, measure: { label: 'Measured by', type: text } },
  },
  useCases: {
    label: 'Use cases',
    titleField: 'name',
    fields: {
      name: { label: 'Use case', type: text },
      description: { label: 'Description', type: longText },
    },
  },
  products: {
    label: 'Products in scope',
    titleField: 'name',
    fields: { name: { label: 'Product', type: text }, quantity: { label: 'Quantity', type: count } },
  },
} as const satisfies Record<string, ListDef>;

export type ListName = keyof typeof lists;
export const listNames = Object.keys(lists) as ListName[];

export type FieldValueInput = string | number | boolean;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
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
