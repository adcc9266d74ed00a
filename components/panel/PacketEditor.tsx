import { usePacketView } from './packet-view';
import { BuyingCommitteeSection } from './sections/BuyingCommitteeSection';
import { CustomerDealSection } from './sections/CustomerDealSection';
import { DecisionNotesSection } from './sections/DecisionNotesSection';
import { FirstValueSection } from './sections/FirstValueSection';
import { IntegrationsSection } from './sections/IntegrationsSection';
import { KeyDatesSection } from './sections/KeyDatesSection';
import { PainsPersonasSection } from './sections/PainsPersonasSection';
import { RenewalSection } from './sections/RenewalSection';
import { RisksSection } from './sections/RisksSection';
import { ScopeProductsSection } from './sections/ScopeProductsSection';
import { SuccessPlanSection } from './sections/SuccessPlanSection';
import { SupportSection } from './sections/SupportSection';

/** Every section of the packet, each field and list editable where the person may change the packet. */
export function PacketEditor() {
  const { editable } = usePacketView();
  return (
    <section class="baton-editor" aria-labelledby="baton-editor-title">
      <h2 id="baton-editor-title">Packet</h2>
      {!editable && (
        <p class="baton-muted">Only the packet's owners, their managers and admins can change it.</p>
      )}
      <CustomerDealSection />
      <KeyDatesSection />
      <SuccessPlanSection />
      <BuyingCommitteeSection />
      <PainsPersonasSection />
      <ScopeProductsSection />
      <IntegrationsSection />
      <RisksSection />
      <FirstValueSection />
      <DecisionNotesSection />
      <SupportSection />
      <RenewalSection />
    </section>
  );
}
