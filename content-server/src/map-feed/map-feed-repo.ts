import { MAP_FEED_SNAPSHOT_LIMIT, formatVnTimestamp, type Flow, type FlowIn, type Incident, type IncidentIn, type MapFeed } from '@ioc/protocol';
import type { Sql } from '../store/index.js';

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

const UPSERT = `INSERT INTO map_feed_items (kind, item_id, submitter, api_key_id, payload, source, synthetic, occurred_at, ends_at, received_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (kind, submitter, item_id) DO UPDATE SET api_key_id = excluded.api_key_id, payload = excluded.payload, source = excluded.source,
    synthetic = excluded.synthetic, occurred_at = excluded.occurred_at, ends_at = excluded.ends_at, received_at = excluded.received_at`;
const SELECT_ACTIVE = `SELECT kind, submitter, payload, source, synthetic, received_at FROM map_feed_items
  WHERE kind = ? AND (ends_at IS NULL OR ends_at > ?) ORDER BY occurred_at DESC, received_at DESC LIMIT ?`;

/** The `map_feed_items` table (migration 11): the current incidents and flows with their provenance. */
export class MapFeedRepo {
  constructor(private readonly sql: Sql) {}

  /** Writes the items of one request; pass the caller's transaction (`tx`, with its audit line). */
  async write(items: readonly StoredMapItem[], key: { id: number; name: string }, receivedAt: number, tx: Sql = this.sql): Promise<void> {
    // A request holds a few dozen items at most: a statement each (one upsert per key, so no read-then-write race).
    for (const s of items) {
      const { source, synthetic: _sent, ...rest } = s.item;
      await tx.run(UPSERT, [s.kind, s.item.id, `key:${key.name}`, key.id, JSON.stringify(rest), source, s.synthetic ? 1 : 0, s.occurredAt, s.endsAt, receivedAt]);
    }
  }

  /** What the map draws at `now`: items not ended, newest first, at most the snapshot limit of each kind. */
  async active(now: number): Promise<MapFeed> {
    const read = async (kind: 'incident' | 'flow') =>
      (await this.sql.all<Row>(SELECT_ACTIVE, [kind, now, MAP_FEED_SNAPSHOT_LIMIT])).map((r) => ({
        ...(JSON.parse(r.payload) as object),
        source: r.source,
        synthetic: r.synthetic === 1,
        submitter: r.submitter,
        receivedAt: r.received_at,
        received: formatVnTimestamp(r.received_at, true),
      }));
    return { incidents: (await read('incident')) as Incident[], flows: (await read('flow')) as Flow[] };
  }
}
