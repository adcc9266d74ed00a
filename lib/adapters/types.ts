import type { CrmSystem, ObjectKind } from '../handoff/record';
import type { SearchRoot } from './page';

/** Deal facts a record page shows, read to prefill a packet; every one is best effort. */
export type RecordContext = {
  amount?: number;
  stage?: string;
  /** YYYY-MM-DD. */
  closeDate?: string;
  owner?: string;
  /** The account a deal belongs to: the customer's name, which the deal's own name is not. */
  account?: string;
};

export type DetectedRecord = {
  system: CrmSystem;
  /** The tenant the id is unique in (Salesforce My Domain, HubSpot portal, Zendesk subdomain…). */
  instance: string;
  objectKind: ObjectKind;
  /** The tool's own name for the object type (Salesforce `Opportunity`, Dynamics `incident`…). */
  nativeType: string;
  /** Normalised, so every URL of one record gives the same id. */
  id: string;
  /** A canonical link that opens the record, without the view state the address bar carried. */
  url: string;
  name?: string;
  context?: RecordContext;
};

export type RecordLocation = Omit<DetectedRecord, 'name' | 'context'>;

export type PageDetails = { name?: string; context?: RecordContext };

/** One CRM or CS tool. Its `hosts` are the single source of the manifest's match patterns. */
export type Adapter = {
  system: CrmSystem;
  label: string;
  /** Chrome match patterns, `scheme://host/*`, with a wildcard only as the first label. */
  hosts: string[];
  /** Called only for URLs its `hosts` match; null for anything that is not one record. */
  detect(url: URL): RecordLocation | null;
  /**
   * Reads what the rendered page shows of `record`; may throw, since detectRecord guards it. `shadowRoots`
   * gives the document and the open shadow roots in it, walked only when asked for.
   */
  readContext?(
    document: Document,
    record: RecordLocation,
    shadowRoots: () => readonly SearchRoot[],
  ): PageDetails;
};
