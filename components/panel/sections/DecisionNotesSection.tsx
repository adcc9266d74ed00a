import { EditorSection } from './EditorSection';

export function DecisionNotesSection() {
  return <EditorSection slug="decision-notes" title="Decision notes" fields={['decisionNotes']} />;
}
