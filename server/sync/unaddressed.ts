/**
 * SQL: the packet names no receiving side yet (one started in the panel) and is at one of `points`, an
 * array parameter: the packets a receiving function's managers see coming.
 */
export function unaddressedAt(points: string): string {
  return `(receiving_user_id IS NULL AND receiving_team_id IS NULL AND handoff_point = ANY(${points}))`;
}
