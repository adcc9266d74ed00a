import { EditorSection } from './EditorSection';

export function IntegrationsSection() {
  return <EditorSection slug="integrations" title="Integrations" lists={['integrations']} />;
}
