import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { CatalogCommand, Language } from '@ioc/protocol';
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

/** The console's own language (not a wall's), as `vi` or `en`. */
export function useLng(): Language {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'vi';
}

/** A catalog command by name; `undefined` until the catalog arrives or when it has no such command. */
export function useCatalogCommand(name: string): CatalogCommand | undefined {
  return useConsole((s) => s.catalog?.find((c) => c.name === name));
}

/**
 * Whether this user may run the command. Unknown (no catalog yet, or no such command) counts as
 * no: a viewer must never see a live control, even for a moment. The server checks again.
 */
export function useAllowed(name: string): boolean {
  return useConsole((s) => s.catalog?.find((c) => c.name === name)?.allowed === true);
}

/** Whether the button under this key waits for an ack or a confirmation. */
export function usePending(key: string): boolean {
  return useConsole((s) => s.pending[key] !== undefined);
}
