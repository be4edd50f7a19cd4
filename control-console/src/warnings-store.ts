import { createStore, type StoreApi } from 'zustand/vanilla';
import { severityRank, type PrincipalRole, type Warning, type WarningAckRequest, type WarningAckResult, type WarningChange, type WarningsSnapshot } from '@ioc/protocol';

/**
 * The warnings a console shows (the server's `warnings:snapshot` and `warning:changed`): the ones
 * not resolved, open before acknowledged, the most severe first, newest first. Acknowledging goes
 * through a transport lent by the socket (`warnings-socket.ts`); the server checks the role again.
 */

/** Sends `warning:ack` and resolves with the server's answer; rejects when none comes. */
export type AckTransport = (req: WarningAckRequest) => Promise<WarningAckResult>;

export interface WarningsState {
  warnings: readonly Warning[];
  /** Ids waiting for the server's answer to an acknowledgement. */
  pending: Readonly<Record<number, true>>;
  /** The last refusal, shown beside the warning it concerns. */
  error: { id: number; message: string } | null;
  applySnapshot(snapshot: WarningsSnapshot): void;
  applyChange(change: WarningChange): void;
  attachAck(transport: AckTransport | null): void;
  /** Acknowledges an open warning; false when nothing was sent (offline, already pending). */
  acknowledge(id: number, note?: string): boolean;
  reset(): void;
}

export type WarningsStore = StoreApi<WarningsState>;

/** Roles the server lets acknowledge a warning (the button is hidden for the others). */
export const canAcknowledge = (role: PrincipalRole | undefined): boolean => role === 'operator' || role === 'presenter' || role === 'technician' || role === 'admin';

/** Open first, then by severity (critical first), then newest first. */
export function sortWarnings(list: readonly Warning[]): Warning[] {
  return [...list].sort(
    (a, b) => Number(a.state !== 'open') - Number(b.state !== 'open') || severityRank(b.severity) - severityRank(a.severity) || b.raisedAt - a.raisedAt || b.id - a.id,
  );
}

const isWarning = (w: unknown): w is Warning => typeof w === 'object' && w !== null && typeof (w as Warning).id === 'number' && typeof (w as Warning).state === 'string';

export function createWarningsStore(): WarningsStore {
  let transport: AckTransport | null = null;
  return createStore<WarningsState>()((set, get) => {
    const done = (id: number, error: string | null) =>
      set((s) => {
        const pending = { ...s.pending };
        delete pending[id];
        return { pending, error: error === null ? (s.error?.id === id ? null : s.error) : { id, message: error } };
      });
    return {
      warnings: [],
      pending: {},
      error: null,
      applySnapshot(snapshot) {
        if (!Array.isArray(snapshot?.warnings)) return;
        set({ warnings: sortWarnings(snapshot.warnings.filter((w) => isWarning(w) && w.state !== 'resolved')) });
      },
      applyChange(change) {
        const w = change?.warning;
        if (!isWarning(w)) return;
        const others = get().warnings.filter((x) => x.id !== w.id);
        set({ warnings: sortWarnings(w.state === 'resolved' ? others : [...others, w]) });
      },
      attachAck(next) {
        transport = next;
      },
      acknowledge(id, note) {
        if (!transport || get().pending[id]) return false;
        set((s) => ({ pending: { ...s.pending, [id]: true } }));
        transport(note ? { id, note } : { id }).then(
          (r) => {
            if (r.ok) get().applyChange({ change: 'acknowledged', warning: r.warning });
            done(id, r.ok ? null : r.error.message);
          },
          () => done(id, 'no answer from the server'),
        );
        return true;
      },
      reset() {
        set({ warnings: [], pending: {}, error: null });
      },
    };
  });
}

/** The console's one warnings store (the socket adapter feeds it, the panel reads it). */
export const warningsStore = createWarningsStore();
