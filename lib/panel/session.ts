import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelEditor } from './editor';
import type { PanelStore } from './store';

/** One mounted panel's UI state and its way of writing changes. */
export interface PanelSession {
  store: PanelStore;
  editor: PanelEditor;
}

export const PanelSessionContext = createContext<PanelSession | null>(null);

export function usePanelSession(): PanelSession {
  const session = useContext(PanelSessionContext);
  if (!session) throw new Error('panel components render inside PanelApp');
  return session;
}
