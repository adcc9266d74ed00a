import type { ListName } from '../../../lib/handoff/fields';

/** How the panel speaks of one item of each list, and what the "add" input asks for. */
export const listNouns: Record<ListName, { one: string; addLabel: string }> = {
  personas: { one: 'persona', addLabel: 'New persona' },
  pains: { one: 'pain', addLabel: 'New pain' },
  goals: { one: 'goal', addLabel: 'New goal' },
  milestones: { one: 'milestone', addLabel: 'New milestone' },
  buyingCommittee: { one: 'person', addLabel: 'Name of a new person' },
  integrations: { one: 'integration', addLabel: 'System of a new integration' },
  risks: { one: 'risk', addLabel: 'New risk' },
  firstValueCriteria: { one: 'criterion', addLabel: 'New first-value criterion' },
  useCases: { one: 'use case', addLabel: 'New use case' },
  products: { one: 'product', addLabel: 'New product' },
};
