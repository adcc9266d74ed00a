import { handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise, slaStateLabels } from '../../lib/handoff/labels';
import { liveSlaState } from '../../lib/handoff/live-sla-state';
import { formatDuration } from '../../lib/panel/format';
import { type People, usePeople } from '../../lib/panel/people';
import type { TeamHandoffView } from '../../lib/team/handoffs';

/** Who hands over and who takes it: a person by name, else the receiving team while nobody has taken it. */
function owners(row: TeamHandoffView, people: People): string {
  const giver =
    row.givingUserId === null ? people.teamName(row.givingTeamId) : people.nameOf(row.givingUserId);
  const team = people.teamName(row.receivingTeamId);
  const receiver =
    row.receivingUserId !== null
      ? people.nameOf(row.receivingUserId)
      : team !== null
        ? `${team} (not taken yet)`
        : 'nobody yet';
  return `From ${giver ?? 'nobody yet'} to ${receiver}`;
}

/** The countdown to the earliest running deadline, or where the clocks stand when none runs. */
function countdown(row: TeamHandoffView, now: number): string {
  if (row.nextDeadline === null) {
    const state = liveSlaState(row, now);
    return state === 'not_started'
      ? 'No SLA clock running yet'
      : `SLA ${slaStateLabels[state].toLowerCase()}`;
  }
  const remaining = Date.parse(row.nextDeadline) - now;
  return remaining > 0 ? `Due in ${formatDuration(remaining)}` : `${formatDuration(remaining)} overdue`;
}

/**
 * One open handoff: its customer (a link to its record in its tool, when this device knows the address),
 * owners by name, completeness, and a live SLA countdown at `now`.
 */
export function TeamHandoffRow({ row, now }: { row: TeamHandoffView; now: number }) {
  const people = usePeople();
  const state = liveSlaState(row, now);
  const customer = row.customerName?.trim() || 'Unnamed customer';
  const status = humanise(row.status);
  return (
    <li class={`baton-team-row baton-sla-${state}`} data-packet-id={row.id}>
      <div class="baton-team-row-head">
        {row.recordUrl ? (
          <a href={row.recordUrl} target="_blank" rel="noopener noreferrer">
            {customer}
          </a>
        ) : (
          <strong>{customer}</strong>
        )}
        <span class="baton-tag">{slaStateLabels[state]}</span>
      </div>
      <p class="baton-muted">
        {handoffPoints[row.handoffPoint].label} · {status.charAt(0).toUpperCase()}
        {status.slice(1)}
      </p>
      <p>{owners(row, people)}</p>
      <p>
        {Math.round(row.completeness * 100)}% complete{row.exitMet ? '' : ' · exit criteria not met'} ·{' '}
        <span role="timer">{countdown(row, now)}</span>
      </p>
      {!row.recordUrl && (
        <p class="baton-muted">
          This device does not know where this record is yet: open it once in its tool, and Baton links it
          here.
        </p>
      )}
    </li>
  );
}
