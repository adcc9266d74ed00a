import type { Packet } from '../handoff/packet';
import { recordKeyString } from '../handoff/record';
import type { PacketRow } from './rows';

const wordSeparator = /[^\p{L}\p{N}]+/u;

/** Words a person might type to find a customer: each word of the name, and the domain whole and in parts. */
export function searchWordsOf(packet: Packet): string[] {
  const words = new Set<string>();
  for (const field of ['customer.name', 'customer.domain']) {
    const value = packet.fields[field]?.value;
    if (typeof value !== 'string') continue;
    const lower = value.trim().toLowerCase();
    if (field === 'customer.domain' && lower !== '') words.add(lower);
    for (const word of lower.split(wordSeparator)) if (word !== '') words.add(word);
  }
  return [...words];
}

export function packetRow(packet: Packet): PacketRow {
  return {
    id: packet.id,
    recordKeys: packet.records.map(recordKeyString),
    searchWords: searchWordsOf(packet),
    packet,
  };
}

export function searchTermsOf(query: string): string[] {
  return query
    .trim()
    .toLowerCase()
    .split(wordSeparator)
    .filter((word) => word !== '');
}
