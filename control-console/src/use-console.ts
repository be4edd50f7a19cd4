import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ConsoleStore, ConsoleStoreState } from './console-store.js';
import type { ConsoleSession } from './session.js';

/** The React face of the vanilla store: components read it through `useConsole`. */
export interface ConsoleContextValue {
  store: ConsoleStore;
  session: ConsoleSession;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

function useConsoleContext(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole must be used inside <ConsoleContext.Provider>');
  return value;
}

/**
 * Subscribes to a slice of the console store. Selectors must return stable values (a primitive
 * or a reference held by the store); a fresh object on every call re-renders forever.
 */
export function useConsole<T>(selector: (state: ConsoleStoreState) => T): T {
  return useStore(useConsoleContext().store, selector);
}

/** The store's actions; they never change, so reading them does not subscribe. */
export function useConsoleActions(): ConsoleStoreState {
  return useConsoleContext().store.getState();
}

export function useSession(): ConsoleSession {
  return useConsoleContext().session;
}
