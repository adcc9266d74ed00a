import { EditorSection } from './EditorSection';

export function RisksSection() {
  return <EditorSection slug="risks" title="Risks" lists={['risks']} />;
}
