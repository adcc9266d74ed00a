import { randomUUID } from 'node:crypto';
import type { LoadRequest } from './load';

type Value = string | number | boolean;

export interface Edit {
  field: string;
  value: (n: number) => Value;
}

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Edits a rep makes while filling a Sales → CS packet, with values of a realistic size. Every value
 * differs from the last one written (n grows), so each edit is a change and never a no-op.
 */
export const edits: Edit[] = [
  { field: 'deal.stage', value: (n) => `Negotiation, round ${n}` },
  { field: 'deal.amount', value: (n) => 12_000 + n * 5 },
  { field: 'lead.source', value: (n) => `Webinar ${n}: onboarding in a week` },
  {
    field: 'lead.intent',
    value: (n) =>
      `Evaluating after a failed rollout of their previous tool (attempt ${n}); needs SSO and a Salesforce ` +
      'sync before the renewal of their support contract, and wants weekly check-ins during onboarding.',
  },
  { field: 'keyDates.close', value: day },
  { field: 'keyDates.kickoffTarget', value: (n) => day(n + 14) },
  { field: 'scope.seats', value: (n) => 25 + n },
  { field: 'scope.arr', value: (n) => 30_000 + n * 10 },
  { field: 'deal.owner', value: (n) => `Rep ${n % 40} (EMEA mid-market)` },
  {
    field: 'decisionNotes',
    value: (n) =>
      `Chose us over two competitors for the CRM integration and the price per seat (note ${n}). The CFO ` +
      'signs above 50k; legal asked for the DPA and a security questionnaire, both sent.',
  },
];

/** The edits in turn, round and round. */
export const nthEdit = (n: number): Edit => edits[n % edits.length] as Edit;

/**
 * One extension install as the API sees it: its own client id, mutation ids that go up by one, and
 * the revision of every value it wrote so its next edit of that value is not a conflict.
 */
export class BenchClient {
  readonly clientId = `bench-${randomUUID()}`;
  private nextId = 1;
  private readonly revs = new Map<string, string>();
  private counter = 0;
  /** Record ids differ between clients, so no create joins another client's packet. */
  private readonly recordPrefix = randomUUID().slice(0, 7);

  constructor(
    readonly token: string,
    private readonly label: string,
  ) {}

  /** A new packet on a new opportunity, prefilled from the CRM page. */
  createPacket(): { packetId: string; mutation: Mutation } {
    const packetId = randomUUID();
    const n = ++this.counter;
    const id = this.nextId;
    for (const field of ['customer.name', 'customer.domain'])
      this.revs.set(`${packetId} ${field}`, this.rev(id));
    return {
      packetId,
      mutation: this.mutation('createPacket', {
        packetId,
        handoffPoint: 'sales_to_cs',
        record: {
          system: 'salesforce',
          instance: 'bench.my.salesforce.com',
          objectKind: 'opportunity',
          id: `006${this.recordPrefix}${String(n).padStart(8, '0')}`,
        },
        givingTeamId: 'sales',
        receivingTeamId: 'cs',
        prefill: {
          'customer.name': `Northwind ${this.label} ${n}`,
          'customer.domain': `northwind-${this.label}-${n}.example`,
        },
      }),
    };
  }

  /** The next edit of a packet's field, based on the revision this client last wrote there. */
  setField(packetId: string, edit: Edit): Mutation {
    const key = `${packetId} ${edit.field}`;
    const baseRev = this.revs.get(key) ?? null;
    this.revs.set(key, this.rev(this.nextId));
    return this.mutation('setField', {
      packetId,
      field: edit.field,
      value: edit.value(++this.counter),
      baseRev,
    });
  }

  /** The push request of these mutations, as the extension's outbox sends it. */
  push(mutations: Mutation[]): LoadRequest {
    return {
      method: 'POST',
      path: '/v1/sync/push',
      token: this.token,
      body: JSON.stringify({ clientId: this.clientId, mutations }),
    };
  }

  pull(cursor: number): LoadRequest {
    return {
      method: 'GET',
      path: `/v1/sync/pull?clientId=${this.clientId}&cursor=${cursor}`,
      token: this.token,
    };
  }

  private rev(mutationId: number): string {
    return `${this.clientId}/${mutationId}`;
  }

  private mutation(name: string, args: Record<string, unknown>): Mutation {
    return { id: this.nextId++, name, args, createdAt: new Date().toISOString() };
  }
}

export interface Mutation {
  id: number;
  name: string;
  args: Record<string, unknown>;
  createdAt: string;
}
