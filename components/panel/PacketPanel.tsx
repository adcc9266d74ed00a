import { useMemo } from 'preact/hooks';
import { completeness } from '../../lib/handoff/completeness';
import { canEdit } from '../../lib/handoff/lifecycle';
import type { Packet } from '../../lib/handoff/packet';
import { calendarForTeam } from '../../lib/handoff/playbook';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { AdoptionContentSection } from './AdoptionContentSection';
import { CommunicationsSection } from './CommunicationsSection';
import { CompletenessMeter } from './CompletenessMeter';
import { ConflictNotice } from './ConflictNotice';
import { HistorySection } from './HistorySection';
import { PacketEditor } from './PacketEditor';
import { type PacketView, PacketViewContext } from './packet-view';
import { RejectionNotice } from './RejectionNotice';
import { SlaCountdown } from './SlaCountdown';
import { StatusActions } from './StatusActions';

/** One packet: what needs attention first (conflicts, gaps, clocks, the next move), its contents, its history. */
export function PacketPanel({ packet }: { packet: Packet }) {
  const { actor, playbook } = usePanelEnvironment();
  const view = useMemo<PacketView>(
    () => ({
      packet,
      completeness: completeness(
        packet,
        playbook.handoffPoints[packet.handoffPoint],
        calendarForTeam(playbook, packet.owners.receivingTeamId),
      ),
      editable: canEdit(actor, packet),
    }),
    [packet, actor, playbook],
  );
  return (
    <PacketViewContext.Provider value={view}>
      <RejectionNotice />
      <ConflictNotice />
      <CompletenessMeter />
      <SlaCountdown />
      <StatusActions />
      <CommunicationsSection />
      <AdoptionContentSection />
      <PacketEditor />
      <HistorySection />
    </PacketViewContext.Provider>
  );
}
