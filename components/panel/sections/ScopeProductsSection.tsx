import { EditorSection } from './EditorSection';

export function ScopeProductsSection() {
  return (
    <EditorSection
      slug="scope-products"
      title="Scope & products"
      fields={['scope.seats', 'scope.arr', 'scope.exclusions']}
      lists={['products']}
    />
  );
}
