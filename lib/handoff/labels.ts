import type { CrmSystem } from './record';
import type { SlaState } from './sla-state';

/** What people call each tool: the panel's header and the history's words name records with it. */
export const systemLabels: Record<CrmSystem, string> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  dynamics365: 'Dynamics 365',
  zoho: 'Zoho CRM',
  gainsight: 'Gainsight',
  zendesk: 'Zendesk',
  intercom: 'Intercom',
  freshdesk: 'Freshdesk',
  vitally: 'Vitally',
  planhat: 'Planhat',
  demo: 'Demo CRM',
};

/** A slug as words: `economic_buyer` → "economic buyer". */
export function humanise(slug: string): string {
  return slug.replaceAll('_', ' ');
}

/** A label inside a sentence: "the kickoff target"; an acronym keeps its capitals ("the ARR"). */
export function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** "a pain", "an integration" (by its first letter, which is enough for our nouns). */
export function withArticle(noun: string): string {
  return `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A person's text quoted back to them, cut short when long. */
export function quoted(text: string): string {
  const trimmed = text.trim();
  return `"${trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed}"`;
}

/** An SLA state as a tag: the panel's clocks and the team view's rows say it the same way. */
export const slaStateLabels: Record<SlaState, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  due_soon: 'Due soon',
  breached: 'Breached',
  met: 'Met',
  paused: 'Paused',
};
