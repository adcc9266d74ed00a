import { demo } from './demo';
import { dynamics365 } from './dynamics365';
import { freshdesk } from './freshdesk';
import { gainsight } from './gainsight';
import { hubspot } from './hubspot';
import { intercom } from './intercom';
import { type SearchRoot, searchRoots } from './page';
import { pipedrive } from './pipedrive';
import { planhat } from './planhat';
import { salesforce } from './salesforce';
import type { Adapter, DetectedRecord, PageDetails, RecordLocation } from './types';
import { matchesPattern } from './url';
import { vitally } from './vitally';
import { zendesk } from './zendesk';
import { zoho } from './zoho';

/** Every tool Baton recognises, one adapter per file; a meta-test keeps this list, the files and the README in step. */
export const adapters: readonly Adapter[] = [
  salesforce,
  hubspot,
  pipedrive,
  dynamics365,
  zoho,
  gainsight,
  zendesk,
  intercom,
  freshdesk,
  vitally,
  planhat,
  demo,
];

/**
 * The record a page shows, or null. Never throws: it runs on every navigation of somebody else's page.
 * With a document, adds the name and context that page shows; `shadowRoots` may give the open shadow
 * roots already known in it, which spares a walk of the whole page.
 */
export function detectRecord(
  url: string | URL,
  document?: Document,
  shadowRoots?: () => readonly SearchRoot[],
): DetectedRecord | null {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    const adapter = adapters.find((candidate) =>
      candidate.hosts.some((host) => matchesPattern(host, parsed)),
    );
    const record = adapter?.detect(parsed);
    if (!adapter || !record) return null;
    if (!document) return record;
    return {
      ...record,
      ...pageDetails(adapter, document, record, shadowRoots ?? (() => searchRoots(document))),
    };
  } catch {
    return null;
  }
}

/** Reading the page is best effort: a page that breaks a reader still gives the record itself. */
function pageDetails(
  adapter: Adapter,
  document: Document,
  record: RecordLocation,
  shadowRoots: () => readonly SearchRoot[],
): PageDetails {
  try {
    const { name, context } = adapter.readContext?.(document, record, shadowRoots) ?? {};
    return { ...(name ? { name } : {}), ...(context ? { context } : {}) };
  } catch {
    return {};
  }
}
