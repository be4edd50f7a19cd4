import { MAP_FEED_SNAPSHOT_LIMIT, formatVnTimestamp, type Flow, type FlowIn, type Incident, type IncidentIn, type MapFeed } from '@ioc/protocol';
import type { Db } from '../store/index.js';

/** An item ready to store: validated, its times resolved to epoch ms. */
export interface StoredMapItem {
  kind: 'incident' | 'flow';
  item: IncidentIn | FlowIn;
  occurredAt: number;
  endsAt: number | null;
  synthetic: boolean;
}

interface Row {
  kind: 'incident' | 'flow';
  submitter: string;
  payload: string;
  source: string;
  synthetic: number;
  received_at: number;
}

/** The `map_feed_items` table (migration 11): the current incidents and flows with their provenance. */
export class MapFeedRepo {
  private readonly upsert;
  private readonly selectActive;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO map_feed_items (kind, item_id, submitter, api_key_id, payload, source, synthetic, occurred_at, ends_at, received_at)
       VALUES (@kind, @itemId, @submitter, @apiKeyId, @payload, @source, @synthetic, @occurredAt, @endsAt, @receivedAt)
       ON CONFLICT (kind, submitter, item_id) DO UPDATE SET api_key_id = excluded.api_key_id, payload = excluded.payload, source = excluded.source,
         synthetic = excluded.synthetic, occurred_at = excluded.occurred_at, ends_at = excluded.ends_at, received_at = excluded.received_at`,
    );
    this.selectActive = db.prepare<[string, number, number], Row>(
      `SELECT kind, submitter, payload, source, synthetic, received_at FROM map_feed_items
       WHERE kind = ? AND (ends_at IS NULL OR ends_at > ?) ORDER BY occurred_at DESC, received_at DESC LIMIT ?`,
    );
  }

  /** Writes the items of one request; the caller holds the transaction (with its audit line). */
  write(items: readonly StoredMapItem[], key: { id: number; name: string }, receivedAt: number): void {
    for (const s of items) {
      const { source, synthetic: _sent, ...rest } = s.item;
      this.upsert.run({
        kind: s.kind,
        itemId: s.item.id,
        submitter: `key:${key.name}`,
        apiKeyId: key.id,
        payload: JSON.stringify(rest),
        source,
        synthetic: s.synthetic ? 1 : 0,
        occurredAt: s.occurredAt,
        endsAt: s.endsAt,
        receivedAt,
      });
    }
  }

  /** What the map draws at `now`: items not ended, newest first, at most the snapshot limit of each kind. */
  active(now: number): MapFeed {
    const read = (kind: 'incident' | 'flow') =>
      this.selectActive.all(kind, now, MAP_FEED_SNAPSHOT_LIMIT).map((r) => ({
        ...(JSON.parse(r.payload) as object),
        source: r.source,
        synthetic: r.synthetic === 1,
        submitter: r.submitter,
        receivedAt: r.received_at,
        received: formatVnTimestamp(r.received_at, true),
      }));
    return { incidents: read('incident') as Incident[], flows: read('flow') as Flow[] };
  }
}
