import { z } from 'zod';
import { PointSchema } from './observations.js';
import { TopicSchema } from './topics.js';

/**
 * Server epoch: a random id drawn at each server start. Versions are only comparable within
 * one epoch; a client resuming with another epoch gets fresh snapshots.
 */
export const EpochSchema = z.string().min(1).max(64);

/** Subscribe request. `resume` lets a reconnecting renderer ask for only what it missed. */
export const SubscribeRequestSchema = z.strictObject({
  topics: z.array(TopicSchema).min(1).max(200),
  resume: z
    .strictObject({
      epoch: EpochSchema,
      /** Last version the client applied, per topic. */
      versions: z.record(z.string(), z.number().int().nonnegative()),
    })
    .optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export const UnsubscribeRequestSchema = z.strictObject({ topics: z.array(TopicSchema).min(1).max(200) });
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequestSchema>;

/** Full state of a topic at `version`: the client replaces what it had. */
export const SnapshotMessageSchema = z.object({
  kind: z.literal('snapshot'),
  topic: TopicSchema,
  version: z.number().int().nonnegative(),
  points: z.array(PointSchema),
});
/** Points changed since the client's version, upserted by (unit, period). */
export const DeltaMessageSchema = z.object({
  kind: z.literal('delta'),
  topic: TopicSchema,
  version: z.number().int().nonnegative(),
  /** The version this delta applies on top of; a client holding another version resubscribes. */
  baseVersion: z.number().int().nonnegative(),
  points: z.array(PointSchema),
});
export const LiveMessageSchema = z.discriminatedUnion('kind', [SnapshotMessageSchema, DeltaMessageSchema]);
export type SnapshotMessage = z.infer<typeof SnapshotMessageSchema>;
export type DeltaMessage = z.infer<typeof DeltaMessageSchema>;
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/**
 * What the server sends on the `live` event: every message pending for this client, coalesced
 * (at most one per topic) and sent at a bounded rate.
 */
export const LiveBatchSchema = z.object({
  epoch: EpochSchema,
  /** Server time when the batch was sent, epoch ms. */
  sentAt: z.number(),
  /**
   * Wall time (a common tick) at which renderers make the batch visible, so that neighbouring
   * displays never show two versions of a figure; absent or past: at once.
   */
  commitAt: z.number().optional(),
  messages: z.array(LiveMessageSchema),
});
export type LiveBatch = z.infer<typeof LiveBatchSchema>;

/** Most batches per second sent to one client; changes in between are coalesced. */
export const LIVE_MAX_BATCHES_PER_SECOND = 20;
