import { EditorSection } from './EditorSection';

export function FirstValueSection() {
  return (
    <EditorSection
      slug="first-value"
      title="First-value criteria & use cases"
      lists={['firstValueCriteria', 'useCases']}
    />
  );
}
