import type { LiveBatch, SubscribeRequest, SubscribeResult, Topic, UnsubscribeRequest } from '@ioc/protocol';
import { diffTopics } from './scene-topics';
import type { TopicRegistry } from './topic-registry';

/** The socket seen by the subscription logic (a fake in tests). */
export interface LiveTransport {
  subscribe(req: SubscribeRequest): Promise<SubscribeResult>;
  unsubscribe(req: UnsubscribeRequest): void;
}

const CHUNK = 200;
const RETRY_MS = 2000;

/**
 * Keeps the server's subscriptions of this connection equal to the topics the tile needs,
 * resumes after a reconnection with the versions held, and resubscribes a topic whose delta
 * does not follow the version held.
 */
export class Subscriptions {
  #transport: LiveTransport | null = null;
  /** Topics the server holds for the current connection. */
  readonly #subscribed = new Set<Topic>();
  #needed: Topic[] = [];
  /** Epoch of the current connection's server. */
  #epoch: string | null = null;
  /** Epoch the versions held belong to (the one to resume from). */
  #dataEpoch: string | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly registry: TopicRegistry) {}

  /** The socket dropped: the server forgets this connection's subscriptions. */
  connectionLost(): void {
    this.#transport = null;
    this.#subscribed.clear();
  }

  /** `wall:join` succeeded on a (new) connection. */
  joined(transport: LiveTransport, epoch: string): void {
    this.#transport = transport;
    this.#subscribed.clear();
    this.#epoch = epoch;
    // Versions of another server run mean nothing here: wait for the fresh snapshots.
    if (this.#dataEpoch !== null && this.#dataEpoch !== epoch) for (const t of this.registry.topics()) this.registry.markResyncing(t);
  }

  /** Subscribes to what is newly needed (resuming what is held), unsubscribes the rest. */
  sync(needed: readonly Topic[]): void {
    this.#needed = [...needed];
    const { remove } = diffTopics(new Set([...this.registry.topics(), ...this.#subscribed]), needed);
    const unsubscribe = remove.filter((t) => this.#subscribed.has(t));
    for (const t of remove) {
      this.registry.drop(t);
      this.#subscribed.delete(t);
    }
    for (const t of needed) this.registry.ensure(t);
    const transport = this.#transport;
    if (!transport || this.#epoch === null) return;
    for (let i = 0; i < unsubscribe.length; i += CHUNK) transport.unsubscribe({ topics: unsubscribe.slice(i, i + CHUNK) });
    const add = needed.filter((t) => !this.#subscribed.has(t));
    if (add.length === 0) return;
    const held = this.#resumableVersions(add);
    const resumeEpoch = this.#dataEpoch;
    this.#dataEpoch = this.#epoch;
    for (let i = 0; i < add.length; i += CHUNK) {
      const topics = add.slice(i, i + CHUNK);
      const versions = Object.fromEntries(topics.filter((t) => held[t] !== undefined).map((t) => [t, held[t] as number]));
      const req: SubscribeRequest =
        resumeEpoch !== null && Object.keys(versions).length > 0 ? { topics, resume: { epoch: resumeEpoch, versions } } : { topics };
      this.#send(transport, req);
    }
  }

  /** Applies a live batch; topics whose delta does not follow are fetched afresh. */
  onBatch(batch: LiveBatch): void {
    for (const msg of batch.messages) {
      if (msg.kind === 'delta' && batch.epoch !== this.#epoch) {
        this.resubscribe(msg.topic);
        continue;
      }
      if (this.registry.apply(msg) === 'resubscribe') this.resubscribe(msg.topic);
    }
  }

  /** Drops the server's copy of `topic` and subscribes again without resume: a snapshot follows. */
  resubscribe(topic: Topic): void {
    if (!this.registry.get(topic)) return;
    this.registry.markResyncing(topic);
    const transport = this.#transport;
    if (!transport) return;
    transport.unsubscribe({ topics: [topic] });
    this.#send(transport, { topics: [topic] });
  }

  #resumableVersions(topics: readonly Topic[]): Record<string, number> {
    const versions = this.registry.versions(topics);
    for (const t of topics) if (this.registry.get(t)?.getState().resyncing) delete versions[t];
    return versions;
  }

  #send(transport: LiveTransport, req: SubscribeRequest): void {
    for (const t of req.topics) this.#subscribed.add(t);
    const failed = (why: string): void => {
      if (transport !== this.#transport) return;
      console.warn('[wall:live] subscribe failed:', why);
      for (const t of req.topics) this.#subscribed.delete(t);
      this.#retry ??= setTimeout(() => {
        this.#retry = null;
        this.sync(this.#needed);
      }, RETRY_MS);
    };
    transport.subscribe(req).then(
      (res) => {
        if (!res.ok) failed(res.error);
      },
      (err: unknown) => failed(String(err)),
    );
  }
}
