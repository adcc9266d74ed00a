import { EditorSection } from './EditorSection';

export function BuyingCommitteeSection() {
  return <EditorSection slug="buying-committee" title="Buying committee" lists={['buyingCommittee']} />;
}
