import type { ListName, ScalarField } from '../../../lib/handoff/fields';
import { ItemList } from '../fields/ItemList';
import { ScalarInput } from '../fields/ScalarInput';

interface EditorSectionProps {
  slug: string;
  title: string;
  fields?: readonly ScalarField[];
  lists?: readonly ListName[];
}

/**
 * A titled part of the packet editor: its scalar fields, then its lists. Its heading is what people navigate
 * by; a dozen named regions would crowd the landmark list.
 */
export function EditorSection({ slug, title, fields = [], lists = [] }: EditorSectionProps) {
  return (
    <section class="baton-section">
      <h3 id={`baton-section-${slug}`}>{title}</h3>
      {fields.map((field) => (
        <ScalarInput key={field} field={field} />
      ))}
      {lists.map((list) => (
        <ItemList key={list} list={list} />
      ))}
    </section>
  );
}
