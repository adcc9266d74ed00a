/*
 * A generated workspace for outcome-metric tests: packets with their histories written straight into
 * the database, across handoff points, teams, owners and months. It imports nothing from lib/ or
 * server/, so the expected figures a test computes from what it returns are independent of the code
 * under test. Deterministic for a seed.
 */

/** Anything that runs SQL as the table owner (a test's Database fits). */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
}

export type Point = 'mql_to_sales' | 'sales_to_cs' | 'cs_to_support' | 'renewal_expansion';

export interface GeneratedEvent {
  seq: number;
  type: string;
  /** Epoch ms, a whole second. */
  at: number;
  data: Record<string, unknown>;
}

export interface GeneratedPacket {
  id: string;
  handoffPoint: Point;
  customerName: string;
  givingTeamId: string;
  receivingTeamId: string;
  givingUserId: string;
  receivingUserId: string | null;
  events: GeneratedEvent[];
}

export const generatedPoints: Record<Point, { giving: string; receiving: string }> = {
  mql_to_sales: { giving: 'marketing', receiving: 'sales' },
  sales_to_cs: { giving: 'sales', receiving: 'cs' },
  cs_to_support: { giving: 'cs', receiving: 'support' },
  renewal_expansion: { giving: 'cs', receiving: 'sales' },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: small, fast and good enough to spread test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * Writes `count` packets into the workspace (whose four teams marketing, sales, cs and support exist),
 * with `ownersPerTeam` extra people per team as owners, created over the `months` before `now`.
 * Every event lies at least an hour before `now`. Bumps the workspace's change counter as a push would.
 */
export async function generateMetricsWorkspace(
  sql: Sql,
  options: {
    workspaceId: string;
    count: number;
    now: number;
    months?: number;
    seed?: number;
    ownersPerTeam?: number;
  },
): Promise<GeneratedPacket[]> {
  const { workspaceId, count, now } = options;
  const next = random(options.seed ?? 15);
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low));
  const chance = (p: number) => next() < p;
  const span = (options.months ?? 8) * 30 * DAY;
  const ownersPerTeam = options.ownersPerTeam ?? 3;

  const owners: Record<string, string[]> = {};
  const people: Array<{ id: string; name: string; role: string }> = [];
  for (const team of ['marketing', 'sales', 'cs', 'support']) {
    owners[team] = [];
    for (let index = 0; index < ownersPerTeam; index++) {
      const id = `gen-${team}-${index}`;
      owners[team].push(id);
      people.push({ id, name: `${team} owner ${index}`, role: team === 'cs' ? 'csm' : 'rep' });
    }
  }
  await sql.query(
    `INSERT INTO users (workspace_id, id, email, name, role)
     SELECT $1, id, id || '@generated.example', name, role FROM jsonb_to_recordset($2::jsonb) AS u(id text, name text, role text)`,
    [workspaceId, JSON.stringify(people)],
  );

  const points = Object.keys(generatedPoints) as Point[];
  const packets: GeneratedPacket[] = [];
  const latest = now - HOUR;
  for (let index = 0; index < count; index++) {
    const handoffPoint = points[between(0, points.length)] as Point;
    const teams = generatedPoints[handoffPoint];
    const events: GeneratedEvent[] = [];
    let at = Math.floor((now - span + next() * (span - 2 * DAY)) / 1000) * 1000;
    const add = (type: string, after: number, data: Record<string, unknown> = {}) => {
      const when = at + Math.floor(after / 1000) * 1000;
      if (when > latest) return false;
      at = when;
      events.push({ seq: events.length + 1, type, at, data });
      return true;
    };
    add('created', 0);
    add('field_set', between(1, 60) * 60_000, { field: 'customer.name' });
    const completeness = () => (chance(0.05) ? {} : { completeness: between(0, 101) / 100 });
    if (chance(0.85) && add('submitted', between(0, 72 * 60) * 60_000, completeness())) {
      if (chance(0.2) && add('returned', between(1, 30 * 60) * 60_000, { reason: 'missing facts' })) {
        if (chance(0.2)) add('field_set', between(1, 120) * 60_000, { field: 'pains' });
        // Not resubmitted before now: nothing more can follow.
        if (!add('submitted', between(1, 48 * 60) * 60_000, completeness())) at = Number.POSITIVE_INFINITY;
      }
      if (chance(0.8) && add('accepted', between(30, 40 * 60) * 60_000)) {
        if (chance(0.3)) add(chance(0.5) ? 'field_set' : 'item_added', between(1, 48 * 60) * 60_000, {});
        if (chance(0.7) && add('kickoff_held', between(60, 12 * 24 * 60) * 60_000)) {
          if (chance(0.6)) add('first_value_reached', between(3 * 24 * 60, 50 * 24 * 60) * 60_000);
        }
        if (chance(0.2)) add('closed', between(60, 20 * 24 * 60) * 60_000);
      }
    }
    packets.push({
      id: uuidFrom(next),
      handoffPoint,
      customerName: `Generated customer ${index}`,
      givingTeamId: teams.giving,
      receivingTeamId: teams.receiving,
      givingUserId: owners[teams.giving]?.[between(0, ownersPerTeam)] ?? 'nobody',
      receivingUserId: chance(0.1) ? null : (owners[teams.receiving]?.[between(0, ownersPerTeam)] ?? null),
      events,
    });
  }

  const statusOf = (events: GeneratedEvent[]) => {
    const statuses: Record<string, string> = {
      created: 'draft',
      submitted: 'submitted',
      accepted: 'accepted',
      returned: 'returned',
      kickoff_held: 'kickoff_held',
      first_value_reached: 'first_value_reached',
      closed: 'closed',
    };
    let status = 'draft';
    for (const event of events) status = statuses[event.type] ?? status;
    return status;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let from = 0; from < packets.length; from += 1_000) {
    const batch = packets.slice(from, from + 1_000);
    await sql.query(
      `INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, created_by,
         giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, version, created_at, updated_at)
       SELECT $1, id, handoff_point, status, '{}'::jsonb, customer_name, giving_user_id, giving_user_id,
              giving_team_id, receiving_user_id, receiving_team_id, version, created_at, updated_at
         FROM jsonb_to_recordset($2::jsonb) AS p(id uuid, handoff_point text, status text, customer_name text,
           giving_user_id text, giving_team_id text, receiving_user_id text, receiving_team_id text, version bigint,
           created_at timestamptz, updated_at timestamptz)`,
      [
        workspaceId,
        JSON.stringify(
          batch.map((packet, offset) => ({
            id: packet.id,
            handoff_point: packet.handoffPoint,
            status: statusOf(packet.events),
            customer_name: packet.customerName,
            giving_user_id: packet.givingUserId,
            giving_team_id: packet.givingTeamId,
            receiving_user_id: packet.receivingUserId,
            receiving_team_id: packet.receivingTeamId,
            version: from + offset + 1,
            created_at: iso(packet.events[0]?.at ?? now),
            updated_at: iso(packet.events.at(-1)?.at ?? now),
          })),
        ),
      ],
    );
    await sql.query(
      `INSERT INTO events (workspace_id, packet_id, seq, type, at, actor_id, data)
       SELECT $1, packet_id, seq, type, at, actor_id, data
         FROM jsonb_to_recordset($2::jsonb) AS e(packet_id uuid, seq integer, type text, at timestamptz, actor_id text, data jsonb)`,
      [
        workspaceId,
        JSON.stringify(
          batch.flatMap((packet) =>
            packet.events.map((event) => ({
              packet_id: packet.id,
              seq: event.seq,
              type: event.type,
              at: iso(event.at),
              actor_id: packet.givingUserId,
              data: event.data,
            })),
          ),
        ),
      ],
    );
  }
  await sql.query('UPDATE workspaces SET version = greatest(version, $2) WHERE id = $1', [
    workspaceId,
    packets.length,
  ]);
  return packets;
}
