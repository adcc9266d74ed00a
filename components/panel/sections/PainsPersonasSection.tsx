import { EditorSection } from './EditorSection';

export function PainsPersonasSection() {
  return <EditorSection slug="pains-personas" title="Pains & personas" lists={['pains', 'personas']} />;
}
