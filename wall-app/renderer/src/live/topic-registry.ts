import type { LiveMessage, Topic } from '@ioc/protocol';
import { applyToStore, createTopicStore, type ApplyOutcome, type TopicStore } from './topic-store';

/** One vanilla store per live topic this tile uses. Panels subscribe to their topics' stores only. */
export class TopicRegistry {
  readonly #stores = new Map<Topic, TopicStore>();

  /** The store of `topic`, created empty on first use. */
  ensure(topic: Topic): TopicStore {
    let store = this.#stores.get(topic);
    if (!store) {
      store = createTopicStore(topic);
      this.#stores.set(topic, store);
    }
    return store;
  }

  get(topic: Topic): TopicStore | undefined {
    return this.#stores.get(topic);
  }

  drop(topic: Topic): void {
    this.#stores.delete(topic);
  }

  topics(): Topic[] {
    return [...this.#stores.keys()];
  }

  /** Applies a message to its topic's store; messages for topics not held are ignored. */
  apply(msg: LiveMessage): ApplyOutcome {
    const store = this.#stores.get(msg.topic);
    return store ? applyToStore(store, msg) : 'ignored';
  }

  /** Versions held, for `resume` (topics without a snapshot yet are left out). */
  versions(topics: Iterable<Topic> = this.#stores.keys()): Record<string, number> {
    const out: Record<string, number> = {};
    for (const topic of topics) {
      const v = this.#stores.get(topic)?.getState().version;
      if (v !== null && v !== undefined) out[topic] = v;
    }
    return out;
  }

  /** Marks a topic as being fetched afresh: its deltas are ignored until a snapshot arrives. */
  markResyncing(topic: Topic): void {
    const store = this.#stores.get(topic);
    if (store && !store.getState().resyncing) store.setState({ resyncing: true });
  }
}
