import { EditorSection } from './EditorSection';

export function RenewalSection() {
  return (
    <EditorSection slug="renewal" title="Renewal" fields={['renewal.health', 'renewal.expansionNotes']} />
  );
}
