import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CommandEnvelope, CommandResult, ConsoleState, Language } from '@ioc/protocol';
import { makeClientId } from './client-id.js';

/**
 * The console's session state (tldraw's *session* scope): the last `console:state` the server
 * pushed, the connection, the commands waiting for their ack and the toasts. Nothing here talks
 * to a socket; the adapter in `socket-adapter.ts` feeds events in and lends a transport.
 */

/**
 * - `signed-out`: no access key yet, the login field is shown;
 * - `connecting`: first attempt with a key;
 * - `connected`: commands can be sent;
 * - `reconnecting`: the link was lost or the server cannot be reached; socket.io retries by itself;
 * - `refused`: the server turned the key down; the login field is shown with the reason.
 */
export type ConnectionStatus = 'signed-out' | 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** Sends one command and resolves with the server's ack; rejects when no ack comes back. */
export type CommandTransport = (command: CommandEnvelope) => Promise<CommandResult>;

export interface PendingCommand {
  clientId: string;
  command: CommandEnvelope;
  sentAt: number;
}

/** What a toast says; the UI turns it into words in the console's language. */
export type ToastMessage =
  | { type: 'scene-shown'; wallId: string; sceneId: string }
  | { type: 'language-set'; wallId: string; language: Language }
  | { type: 'server-error'; code: string; text: string }
  | { type: 'no-answer' }
  | { type: 'offline' };

export interface Toast {
  id: number;
  kind: 'ok' | 'error';
  message: ToastMessage;
}

export interface ConsoleStoreState {
  connection: ConnectionStatus;
  /** The server's reason for the last refusal (`unauthorised`, or another message). */
  refusal: string | null;
  /** The latest state pushed by the server; `null` until the first push. */
  state: ConsoleState | null;
  /** Commands waiting for their ack, by button (see `sceneKey` / `languageKey`). */
  pending: Readonly<Record<string, PendingCommand>>;
  toasts: readonly Toast[];

  setConnection(status: ConnectionStatus, refusal?: string | null): void;
  /** Lends (or withdraws, with `null`) the function that puts commands on the wire. */
  attachTransport(transport: CommandTransport | null): void;
  applyState(state: ConsoleState): void;
  /** Asks the wall to show a scene. Returns the command's clientId, or `null` if not sent. */
  showScene(wallId: string, sceneId: string): string | null;
  /** Asks the wall to switch its language. Returns the clientId, or `null` if not sent. */
  setWallLanguage(wallId: string, language: Language): string | null;
  dismissToast(id: number): void;
}

export type ConsoleStore = StoreApi<ConsoleStoreState>;

export interface ConsoleStoreOptions {
  newClientId?: () => string;
  now?: () => number;
  /** Schedules a toast's removal; `setTimeout` in the browser. */
  schedule?: (run: () => void, ms: number) => void;
  okToastMs?: number;
  errorToastMs?: number;
  maxToasts?: number;
}

/** Key of a scene button in `pending`. */
export const sceneKey = (wallId: string, sceneId: string): string => `scene:${wallId}:${sceneId}`;
/** Key of a wall-language button in `pending`. */
export const languageKey = (wallId: string, language: Language): string => `language:${wallId}:${language}`;

function isConsoleState(value: unknown): value is ConsoleState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ConsoleState>;
  return Array.isArray(v.walls) && Array.isArray(v.scenes);
}

export function createConsoleStore(options: ConsoleStoreOptions = {}): ConsoleStore {
  const newClientId = options.newClientId ?? (() => makeClientId());
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
  const okToastMs = options.okToastMs ?? 2500;
  const errorToastMs = options.errorToastMs ?? 8000;
  const maxToasts = options.maxToasts ?? 3;
  let transport: CommandTransport | null = null;
  let nextToastId = 1;

  return createStore<ConsoleStoreState>()((set, get) => {
    function toast(kind: Toast['kind'], message: ToastMessage): void {
      const id = nextToastId++;
      set((s) => ({ toasts: [...s.toasts, { id, kind, message }].slice(-maxToasts) }));
      schedule(() => get().dismissToast(id), kind === 'ok' ? okToastMs : errorToastMs);
    }

    function withoutPending(key: string): Record<string, PendingCommand> {
      const next = { ...get().pending };
      delete next[key];
      return next;
    }

    /** The ack confirms the wall changed; reflect it now rather than wait for the next push. */
    function applyConfirmed(command: CommandEnvelope): void {
      const state = get().state;
      if (!state) return;
      const walls = state.walls.map((w) => {
        if (w.wallId !== command.args.wallId) return w;
        return command.name === 'wall.scene.show'
          ? { ...w, sceneId: command.args.sceneId }
          : { ...w, language: command.args.language };
      });
      set({ state: { ...state, walls } });
    }

    function settle(key: string, command: CommandEnvelope, result: CommandResult): void {
      set({ pending: withoutPending(key) });
      if (result.ok) {
        applyConfirmed(command);
        toast(
          'ok',
          command.name === 'wall.scene.show'
            ? { type: 'scene-shown', wallId: command.args.wallId, sceneId: command.args.sceneId }
            : { type: 'language-set', wallId: command.args.wallId, language: command.args.language },
        );
      } else {
        toast('error', { type: 'server-error', code: result.error.code, text: result.error.message });
      }
    }

    function dispatch(key: string, build: (clientId: string) => CommandEnvelope): string | null {
      // A pending button ignores further taps: one tap, one command.
      if (get().pending[key]) return null;
      const send = transport;
      if (!send || get().connection !== 'connected') {
        toast('error', { type: 'offline' });
        return null;
      }
      const clientId = newClientId();
      const command = build(clientId);
      set((s) => ({ pending: { ...s.pending, [key]: { clientId, command, sentAt: now() } } }));
      send(command).then(
        (result) => settle(key, command, result),
        () => {
          set({ pending: withoutPending(key) });
          toast('error', { type: 'no-answer' });
        },
      );
      return clientId;
    }

    return {
      connection: 'signed-out',
      refusal: null,
      state: null,
      pending: {},
      toasts: [],

      setConnection(status, refusal = null) {
        set({ connection: status, refusal: status === 'refused' ? refusal : null });
      },
      attachTransport(next) {
        transport = next;
      },
      applyState(state) {
        if (!isConsoleState(state)) return;
        set({ state });
      },
      showScene(wallId, sceneId) {
        return dispatch(sceneKey(wallId, sceneId), (clientId) => ({
          clientId,
          name: 'wall.scene.show',
          args: { wallId, sceneId },
        }));
      },
      setWallLanguage(wallId, language) {
        return dispatch(languageKey(wallId, language), (clientId) => ({
          clientId,
          name: 'wall.language',
          args: { wallId, language },
        }));
      },
      dismissToast(id) {
        set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
      },
    };
  });
}
