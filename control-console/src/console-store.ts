import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CatalogCommand, CommandEnvelope, CommandResult, ConsoleState, DeviceStatus, FailedCommand, FailedCommandsResult, Label, Language, Principal, SessionUser, UndoCommand } from '@ioc/protocol';
import { makeClientId } from './client-id.js';
import { argsOf, toastFor, type ToastMessage, type ToastPlan } from './command-outcome.js';

export type { ToastMessage } from './command-outcome.js';

/**
 * The console's session state (tldraw's *session* scope): who is signed in, what the server
 * pushed (wall state, command catalog, device status), the commands waiting for an answer, the
 * confirmation being asked and the toasts. Nothing here talks to a socket; the adapter in
 * `socket-adapter.ts` feeds events in and lends a transport.
 */

/**
 * - `signed-out`: no token yet, the login screen is shown;
 * - `connecting`: first attempt with a token;
 * - `connected`: commands can be sent;
 * - `reconnecting`: the link was lost or the server cannot be reached; socket.io retries by itself;
 * - `refused`: the server turned the token down; the login screen is shown with the reason.
 */
export type ConnectionStatus = 'signed-out' | 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** Sends one command and resolves with the server's ack; rejects when no ack comes back. */
export type CommandTransport = (command: CommandEnvelope) => Promise<CommandResult>;

export interface PendingCommand {
  clientId: string;
  command: CommandEnvelope;
  sentAt: number;
  /** `sending`: waiting for the ack; `confirming`: the server asked, the operator decides. */
  stage: 'sending' | 'confirming';
}

/** The server's "are you sure?" for one command, waiting for the operator's answer. */
export interface ConfirmRequest {
  key: string;
  command: CommandEnvelope;
  prompt: Label;
}

/** The last answer a button got (macros show their steps from it). */
export interface CommandOutcome {
  result: CommandResult;
  at: number;
}

export interface Toast {
  id: number;
  kind: 'ok' | 'error';
  message: ToastMessage;
  /** The command that undoes what this toast reports; offered as an "Undo" button. */
  undo?: UndoCommand;
}

/** The command log over the socket (technician, admin): failed commands, and an admin's re-send. */
export interface LogTransport {
  failed(limit: number): Promise<FailedCommandsResult>;
  resend(clientId: string, newClientId: string): Promise<CommandResult>;
}

export interface RunOptions {
  /** Key of the button in `pending` (default: the name and arguments). */
  key?: string;
}

export interface ConsoleStoreState {
  connection: ConnectionStatus;
  /** The server's reason for the last refusal (`unauthorised`, or another message). */
  refusal: string | null;
  /** Who this console acts for (`console:whoami`). */
  whoami: Principal | null;
  /** The signed-in person as the login answered (display name); null for an API key. */
  account: SessionUser | null;
  /** The command catalog as this role sees it; `null` until the server sends it. */
  catalog: readonly CatalogCommand[] | null;
  /** Device status by id, in the order the server listed them. */
  devices: Readonly<Record<string, DeviceStatus>>;
  deviceOrder: readonly string[];
  /** The latest wall state pushed by the server; `null` until the first push. */
  state: ConsoleState | null;
  /** Commands waiting for their ack or for a confirmation, by button key. */
  pending: Readonly<Record<string, PendingCommand>>;
  /** Confirmations asked by the server; the first is shown. */
  confirms: readonly ConfirmRequest[];
  outcomes: Readonly<Record<string, CommandOutcome>>;
  toasts: readonly Toast[];
  /** Failed commands from the command log, newest first; `null` until loaded. */
  failed: readonly FailedCommand[] | null;
  /** Why the list could not be loaded (the server's message). */
  failedError: string | null;

  setConnection(status: ConnectionStatus, refusal?: string | null): void;
  /** Lends (or withdraws, with `null`) the function that puts commands on the wire. */
  attachTransport(transport: CommandTransport | null): void;
  /** Lends (or withdraws) the command-log requests. */
  attachLog(log: LogTransport | null): void;
  /** Loads the latest failed commands. */
  loadFailed(): void;
  /** Admin: runs a failed command again under a new client id; the result is a toast, then the list reloads. */
  resendFailed(clientId: string): string | null;
  /** Forgets everything of the last session (sign-in as someone else, sign-out). */
  reset(account?: SessionUser | null): void;
  applyState(state: ConsoleState): void;
  applyWhoami(who: Principal): void;
  applyCatalog(catalog: { commands: readonly CatalogCommand[] }): void;
  applyDevices(devices: readonly DeviceStatus[]): void;
  applyDevice(device: DeviceStatus): void;
  /**
   * Runs any catalog command: sends `{clientId, name, args}` with a fresh clientId. Returns the
   * clientId, or `null` when nothing was sent (the button is already pending, or offline).
   */
  run(name: string, args: Record<string, unknown>, options?: RunOptions): string | null;
  /** The operator's answer to the first confirmation: yes re-sends the same envelope confirmed. */
  answerConfirm(yes: boolean): void;
  /** Runs the undo command a toast offers, and closes the toast. */
  undoFromToast(toastId: number): string | null;
  /** Asks the wall to show a scene (the scene buttons). */
  showScene(wallId: string, sceneId: string): string | null;
  /** Asks the wall to switch its language (the VI / EN buttons). */
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
  /** A toast with an "Undo" stays long enough to reach for it. */
  undoToastMs?: number;
  errorToastMs?: number;
  maxToasts?: number;
}

/** Key of a scene button in `pending`. */
export const sceneKey = (wallId: string, sceneId: string): string => `scene:${wallId}:${sceneId}`;
/** Key of a wall-language button in `pending`. */
export const languageKey = (wallId: string, language: Language): string => `language:${wallId}:${language}`;
/** Key of a command card's run button (one command of that card at a time). */
export const cardKey = (name: string): string => `card:${name}`;

/** A key from the name and the arguments (keys sorted), for buttons that send fixed arguments. */
export function commandKey(name: string, args: Record<string, unknown>): string {
  const sorted = Object.keys(args)
    .sort()
    .map((k) => `${k}=${JSON.stringify(args[k])}`);
  return `${name}(${sorted.join(',')})`;
}

function isConsoleState(value: unknown): value is ConsoleState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ConsoleState>;
  return Array.isArray(v.walls) && Array.isArray(v.scenes);
}

const isDeviceStatus = (v: unknown): v is DeviceStatus =>
  typeof v === 'object' && v !== null && typeof (v as DeviceStatus).id === 'string' && typeof (v as DeviceStatus).status === 'string';

/** The wall fields a successful wall command sets, shown at once (the next push confirms). */
function wallPatch(command: CommandEnvelope): { wallId: string; patch: Partial<ConsoleState['walls'][number]> } | null {
  const args = argsOf(command);
  if (typeof args.wallId !== 'string') return null;
  const wallId = args.wallId;
  switch (command.name) {
    case 'wall.scene.show':
      return typeof args.sceneId === 'string' ? { wallId, patch: { sceneId: args.sceneId } } : null;
    case 'wall.language':
      return args.language === 'vi' || args.language === 'en' ? { wallId, patch: { language: args.language } } : null;
    case 'wall.theme':
      return args.theme === 'dark' || args.theme === 'high-contrast' || args.theme === 'light' ? { wallId, patch: { theme: args.theme } } : null;
    case 'wall.drilldown':
      return typeof args.unit === 'string' || args.unit === null ? { wallId, patch: { focus: args.unit } } : null;
    default:
      return null;
  }
}

const EMPTY = {
  whoami: null,
  catalog: null,
  devices: {},
  deviceOrder: [],
  state: null,
  pending: {},
  confirms: [],
  outcomes: {},
  failed: null,
  failedError: null,
} satisfies Partial<ConsoleStoreState>;

export function createConsoleStore(options: ConsoleStoreOptions = {}): ConsoleStore {
  const newClientId = options.newClientId ?? (() => makeClientId());
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
  const okToastMs = options.okToastMs ?? 2500;
  const undoToastMs = options.undoToastMs ?? 10_000;
  const errorToastMs = options.errorToastMs ?? 8000;
  const maxToasts = options.maxToasts ?? 3;
  let transport: CommandTransport | null = null;
  let log: LogTransport | null = null;
  let nextToastId = 1;

  return createStore<ConsoleStoreState>()((set, get) => {
    function toast(plan: ToastPlan): void {
      const id = nextToastId++;
      const item: Toast = plan.undo ? { id, kind: plan.kind, message: plan.message, undo: plan.undo } : { id, kind: plan.kind, message: plan.message };
      set((s) => ({ toasts: [...s.toasts, item].slice(-maxToasts) }));
      schedule(() => get().dismissToast(id), plan.kind === 'error' ? errorToastMs : plan.undo ? undoToastMs : okToastMs);
    }

    function release(key: string): void {
      if (!get().pending[key]) return;
      const next = { ...get().pending };
      delete next[key];
      set({ pending: next });
    }

    function settle(key: string, command: CommandEnvelope, result: CommandResult): void {
      if (!result.ok && result.error.code === 'confirm_required' && command.confirmed !== true) {
        // Never confirm on the operator's behalf: ask, and keep the button busy meanwhile.
        const prompt = result.error.prompt ?? { vi: result.error.message, en: result.error.message };
        set((s) => ({
          pending: { ...s.pending, [key]: { clientId: command.clientId, command, sentAt: s.pending[key]?.sentAt ?? now(), stage: 'confirming' } },
          confirms: [...s.confirms, { key, command, prompt }],
        }));
        return;
      }
      release(key);
      set((s) => ({ outcomes: { ...s.outcomes, [key]: { result, at: now() } } }));
      if (result.ok) {
        const change = wallPatch(command);
        const state = get().state;
        if (change && state) {
          set({ state: { ...state, walls: state.walls.map((w) => (w.wallId === change.wallId ? { ...w, ...change.patch } : w)) } });
        }
      }
      toast(toastFor(command, result));
    }

    /** Puts an envelope on the wire under a button key; the key is pending until the answer. */
    function send(key: string, command: CommandEnvelope): boolean {
      const wire = transport;
      if (!wire || get().connection !== 'connected') {
        release(key);
        toast({ kind: 'error', message: { type: 'offline' } });
        return false;
      }
      set((s) => ({ pending: { ...s.pending, [key]: { clientId: command.clientId, command, sentAt: now(), stage: 'sending' } } }));
      wire(command).then(
        (result) => settle(key, command, result),
        () => {
          release(key);
          toast({ kind: 'error', message: { type: 'no-answer' } });
        },
      );
      return true;
    }

    function run(name: string, args: Record<string, unknown>, runOptions: RunOptions = {}): string | null {
      const key = runOptions.key ?? commandKey(name, args);
      // A pending button ignores further taps: one tap, one command.
      if (get().pending[key]) return null;
      const command: CommandEnvelope = { clientId: newClientId(), name, args };
      return send(key, command) ? command.clientId : null;
    }

    return {
      connection: 'signed-out',
      refusal: null,
      account: null,
      ...EMPTY,
      toasts: [],

      setConnection(status, refusal = null) {
        set({ connection: status, refusal: status === 'refused' ? refusal : null });
      },
      attachTransport(next) {
        transport = next;
      },
      attachLog(next) {
        log = next;
      },
      loadFailed() {
        if (!log) return;
        log.failed(50).then(
          (r) => set(r.ok ? { failed: r.commands, failedError: null } : { failedError: r.error.message }),
          () => set({ failedError: 'no answer from the server' }),
        );
      },
      resendFailed(clientId) {
        const key = `resend:${clientId}`;
        const original = get().failed?.find((c) => c.clientId === clientId);
        if (!log || !original || get().pending[key]) return null;
        const command: CommandEnvelope = { clientId: newClientId(), name: original.name, args: original.args ?? {}, confirmed: true };
        set((s) => ({ pending: { ...s.pending, [key]: { clientId: command.clientId, command, sentAt: now(), stage: 'sending' } } }));
        log.resend(clientId, command.clientId).then(
          (result) => {
            release(key);
            toast(toastFor(command, result));
            get().loadFailed();
          },
          () => {
            release(key);
            toast({ kind: 'error', message: { type: 'no-answer' } });
          },
        );
        return command.clientId;
      },
      reset(account = null) {
        set({ ...EMPTY, account });
      },
      applyState(state) {
        if (!isConsoleState(state)) return;
        set({ state: { ...state, briefings: Array.isArray(state.briefings) ? state.briefings : [] } });
      },
      applyWhoami(who) {
        if (typeof who?.name === 'string' && typeof who.role === 'string') set({ whoami: who });
      },
      applyCatalog(catalog) {
        if (Array.isArray(catalog?.commands)) set({ catalog: catalog.commands });
      },
      applyDevices(list) {
        if (!Array.isArray(list)) return;
        const devices = list.filter(isDeviceStatus);
        set({ devices: Object.fromEntries(devices.map((d) => [d.id, d])), deviceOrder: devices.map((d) => d.id) });
      },
      applyDevice(device) {
        if (!isDeviceStatus(device)) return;
        set((s) => ({
          devices: { ...s.devices, [device.id]: device },
          deviceOrder: s.deviceOrder.includes(device.id) ? s.deviceOrder : [...s.deviceOrder, device.id],
        }));
      },
      run,
      answerConfirm(yes) {
        const [first, ...rest] = get().confirms;
        if (!first) return;
        set({ confirms: rest });
        if (!yes) {
          release(first.key);
          return;
        }
        // The same envelope, the same clientId: the server runs it at most once.
        send(first.key, { ...first.command, confirmed: true });
      },
      undoFromToast(toastId) {
        const item = get().toasts.find((t) => t.id === toastId);
        if (!item?.undo) return null;
        get().dismissToast(toastId);
        return run(item.undo.name, item.undo.args, { key: `undo:${toastId}` });
      },
      showScene(wallId, sceneId) {
        return run('wall.scene.show', { wallId, sceneId }, { key: sceneKey(wallId, sceneId) });
      },
      setWallLanguage(wallId, language) {
        return run('wall.language', { wallId, language }, { key: languageKey(wallId, language) });
      },
      dismissToast(id) {
        set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
      },
    };
  });
}
