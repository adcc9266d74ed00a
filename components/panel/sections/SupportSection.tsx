import { EditorSection } from './EditorSection';

export function SupportSection() {
  return (
    <EditorSection slug="support" title="Support" fields={['support.entitlement', 'support.openIssues']} />
  );
}
