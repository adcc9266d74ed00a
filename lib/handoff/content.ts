import { lists } from './fields';
import { liveItems, type Packet } from './packet';
import type { ContentItem } from './playbook';

// Apart from the template renderer, so that the panel can match content without bundling Mustache.

export interface MatchedContent extends ContentItem {
  /** The packet's use-case names, as written there, that this content serves. */
  matchedUseCases: string[];
}

function normaliseUseCase(name: string): string {
  return name.trim().toLowerCase();
}

/** The names of the packet's live use cases, trimmed, keyed by how they are matched. */
function packetUseCases(packet: Packet): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of liveItems(packet, 'useCases')) {
    const value = item.fields[lists.useCases.titleField]?.value;
    if (typeof value !== 'string' || value.trim() === '') continue;
    const name = value.trim();
    const key = normaliseUseCase(name);
    if (!names.has(key)) names.set(key, name);
  }
  return names;
}

/** The playbook's adoption content for the use cases this customer bought for, in playbook order. */
export function contentForPacket(content: readonly ContentItem[], packet: Packet): MatchedContent[] {
  const useCases = packetUseCases(packet);
  return content.flatMap((item) => {
    const keys = new Set(item.useCases.map(normaliseUseCase));
    const matchedUseCases = [...keys].flatMap((key) => useCases.get(key) ?? []);
    return matchedUseCases.length > 0 ? [{ ...item, matchedUseCases }] : [];
  });
}
