import { EditorSection } from './EditorSection';

export function CustomerDealSection() {
  return (
    <EditorSection
      slug="customer-deal"
      title="Customer & deal"
      fields={[
        'customer.name',
        'customer.domain',
        'lead.source',
        'lead.intent',
        'deal.stage',
        'deal.amount',
        'deal.owner',
      ]}
    />
  );
}
