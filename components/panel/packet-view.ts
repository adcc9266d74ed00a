import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Completeness } from '../../lib/handoff/completeness';
import type { Packet } from '../../lib/handoff/packet';

/** The packet on screen with what is derived from it once per render. */
export interface PacketView {
  packet: Packet;
  completeness: Completeness;
  /** Whether the current person may change its contents. */
  editable: boolean;
}

export const PacketViewContext = createContext<PacketView | null>(null);

export function usePacketView(): PacketView {
  const view = useContext(PacketViewContext);
  if (!view) throw new Error('packet sections render inside a packet view');
  return view;
}
