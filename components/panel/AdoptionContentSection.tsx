import { contentForPacket } from '../../lib/handoff/content';
import { lists } from '../../lib/handoff/fields';
import { liveItems } from '../../lib/handoff/packet';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { focusField } from '../../lib/panel/focus';
import { usePacketView } from './packet-view';

/** The use cases the playbook has content for, to suggest when the packet matches none. */
function coveredUseCases(content: readonly { useCases: string[] }[]): string[] {
  const names = new Map<string, string>();
  for (const item of content)
    for (const useCase of item.useCases) names.set(useCase.trim().toLowerCase(), useCase.trim());
  return [...names.values()];
}

function EmptyState() {
  const { playbook } = usePanelEnvironment();
  const { packet } = usePacketView();
  const covered = coveredUseCases(playbook.content);
  const hasUseCases = liveItems(packet, 'useCases').some((item) => {
    const name = item.fields[lists.useCases.titleField]?.value;
    return typeof name === 'string' && name.trim() !== '';
  });
  if (covered.length === 0)
    return (
      <p class="baton-muted">
        The playbook has no adoption content yet; marketing adds it in Baton's options.
      </p>
    );
  return (
    <>
      <p class="baton-muted">
        {hasUseCases
          ? 'No content matches these use cases yet.'
          : 'Add the use cases the customer bought for.'}{' '}
        The playbook has content for: {covered.join(', ')}.
      </p>
      <button type="button" class="baton-link" onClick={() => focusField('useCases')}>
        Add a use case
      </button>
    </>
  );
}

/** Guides, courses and webinars for the customer's use cases, as the playbook maps them. */
export function AdoptionContentSection() {
  const { playbook } = usePanelEnvironment();
  const { packet } = usePacketView();
  const matched = contentForPacket(playbook.content, packet);
  return (
    <section class="baton-adoption" aria-labelledby="baton-adoption-title">
      <h2 id="baton-adoption-title">Adoption content</h2>
      {matched.length === 0 ? (
        <EmptyState />
      ) : (
        <ul class="baton-results">
          {matched.map((item) => (
            <li key={item.id}>
              <a href={item.url} target="_blank" rel="noopener noreferrer">
                {item.title}
                <span class="baton-visually-hidden"> (opens in a new tab)</span>
              </a>{' '}
              <span class="baton-muted">for {item.matchedUseCases.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
