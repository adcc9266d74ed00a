import { historyOf } from '../../lib/db/queries';
import type { HistoryEvent } from '../../lib/handoff/history';
import { humanise, slaStateLabels } from '../../lib/handoff/labels';
import { calendarForPolicy, type SlaPolicy } from '../../lib/handoff/playbook';
import { currentClock, type SlaClock } from '../../lib/handoff/sla-clock';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { formatDuration, formatInstant } from '../../lib/panel/format';
import { useLiveQuery } from '../../lib/panel/use-live-query';
import { usePacketView } from './packet-view';
import { useNow } from './use-now';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

function isRunning(clock: SlaClock): boolean {
  return clock.startedAt !== null && clock.stoppedAt === null && clock.pausedSince === null;
}

/** Seconds matter only in the last hour either side of a deadline; elsewhere a minute's tick is enough. */
function tickInterval(clocks: SlaClock[]): number | null {
  const running = clocks.filter(isRunning);
  if (running.length === 0) return null;
  return running.some((clock) => Math.abs(clock.remainingMs) < hour) ? second : minute;
}

function ClockLine({ policy, clock }: { policy: SlaPolicy; clock: SlaClock }) {
  const workingTime = policy.target.unit.startsWith('business') ? ' of working time' : '';
  let detail: string;
  if (clock.state === 'not_started') detail = `starts when the packet is ${humanise(policy.start)}`;
  else if (clock.state === 'paused') detail = 'paused';
  else if (clock.state === 'met') detail = 'stopped in time';
  else if (!isRunning(clock)) detail = 'stopped after its deadline';
  else if (clock.remainingMs < 0) detail = `${formatDuration(clock.remainingMs)}${workingTime} overdue`;
  // Outside working hours a business-time clock stands still at zero once its deadline has passed.
  else if (clock.state === 'breached') detail = 'deadline passed';
  else detail = `${formatDuration(clock.remainingMs)}${workingTime} left`;
  return (
    <li class={`baton-sla baton-sla-${clock.state}`}>
      <span class="baton-sla-label">{policy.label}</span>{' '}
      <span class="baton-tag">{slaStateLabels[clock.state]}</span> <span role="timer">{detail}</span>
      {isRunning(clock) && clock.deadline && (
        <span class="baton-muted"> · due {formatInstant(clock.deadline)}</span>
      )}
    </li>
  );
}

function Clocks({ events }: { events: HistoryEvent[] }) {
  const { playbook } = usePanelEnvironment();
  const { packet } = usePacketView();
  const policies = playbook.handoffPoints[packet.handoffPoint].slas;
  const now = new Date();
  const clocks = policies.map((policy) =>
    currentClock(policy, events, calendarForPolicy(playbook, policy, packet.owners), now),
  );
  // Each tick re-renders, and every render reads the clocks afresh.
  useNow(tickInterval(clocks));
  return (
    <ul class="baton-slas">
      {policies.map((policy, index) => {
        const clock = clocks[index];
        return clock && <ClockLine key={policy.id} policy={policy} clock={clock} />;
      })}
    </ul>
  );
}

/** The handoff point's SLA clocks for this packet, ticking live in each policy's business time. */
export function SlaCountdown() {
  const { db } = usePanelEnvironment();
  const { packet } = usePacketView();
  const history = useLiveQuery(() => historyOf(db, packet.id), [db, packet.id]);
  return (
    <section class="baton-sla-section" aria-labelledby="baton-sla-title">
      <h2 id="baton-sla-title">SLA clocks</h2>
      {history.status === 'ready' && <Clocks events={history.value} />}
      {history.status === 'failed' && <p class="baton-error">Could not read the packet's history.</p>}
    </section>
  );
}
