import type { LiveMessage, Point, Topic } from '@ioc/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** What the renderer holds of one live topic. */
export interface TopicState {
  topic: Topic;
  /** Version of the last message applied; null until the first snapshot. */
  version: number | null;
  /** Points in period order (`t`, then unit). */
  points: readonly Point[];
  /** The point most recently written (last of the last message); the newest for a snapshot. */
  lastPoint: Point | null;
  /** A resubscription is under way: deltas are ignored until the fresh snapshot. */
  resyncing: boolean;
}

export type TopicStore = StoreApi<TopicState>;

/** `applied`: state changed; `ignored`: nothing to do; `resubscribe`: the topic must be fetched afresh. */
export type ApplyOutcome = 'applied' | 'ignored' | 'resubscribe';

/** Most points kept per topic (a line panel shows at most 500 periods). */
export const MAX_TOPIC_POINTS = 500;

export function emptyTopicState(topic: Topic): TopicState {
  return { topic, version: null, points: [], lastPoint: null, resyncing: false };
}

const key = (p: Point): string => `${p.unit}\u0000${p.period}`;
const byTime = (a: Point, b: Point): number => a.t - b.t || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0);

function trim(points: Point[]): Point[] {
  return points.length > MAX_TOPIC_POINTS ? points.slice(points.length - MAX_TOPIC_POINTS) : points;
}

/**
 * Applies one live message to a topic's state (pure). A snapshot replaces the points; a delta
 * upserts by (unit, period) when its `baseVersion` is the version held, and otherwise asks for
 * a resubscription. Messages for versions already held are ignored.
 */
export function applyLiveMessage(state: TopicState, msg: LiveMessage): { state: TopicState; outcome: ApplyOutcome } {
  if (msg.kind === 'snapshot') {
    const points = trim([...msg.points].sort(byTime));
    return {
      state: { ...state, version: msg.version, points, lastPoint: points[points.length - 1] ?? null, resyncing: false },
      outcome: 'applied',
    };
  }
  if (state.resyncing) return { state, outcome: 'ignored' };
  if (state.version !== null && msg.version <= state.version) return { state, outcome: 'ignored' };
  if (state.version === null || msg.baseVersion !== state.version) return { state, outcome: 'resubscribe' };
  const index = new Map(state.points.map((p, i) => [key(p), i]));
  const points = [...state.points];
  for (const p of msg.points) {
    const at = index.get(key(p));
    if (at === undefined) {
      index.set(key(p), points.length);
      points.push(p);
    } else {
      points[at] = p;
    }
  }
  points.sort(byTime);
  return {
    state: { ...state, version: msg.version, points: trim(points), lastPoint: msg.points[msg.points.length - 1] ?? state.lastPoint },
    outcome: 'applied',
  };
}

export function createTopicStore(topic: Topic): TopicStore {
  return createStore<TopicState>()(() => emptyTopicState(topic));
}

/** Applies a message to a store; only a changed state notifies the store's subscribers. */
export function applyToStore(store: TopicStore, msg: LiveMessage): ApplyOutcome {
  const { state, outcome } = applyLiveMessage(store.getState(), msg);
  if (outcome === 'applied') store.setState(state, true);
  return outcome;
}
