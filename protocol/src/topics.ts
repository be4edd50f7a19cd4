import { z } from 'zod';

/**
 * A live topic. Two kinds:
 * - `series:<indicator>:<unit>`: the recent points of one series (period order);
 * - `latest:<indicator>`: the latest point of every current province.
 * Both carry points keyed by (unit, period); a delta upserts points by that key.
 */
export type Topic = `series:${string}:${string}` | `latest:${string}`;

const TOPIC = /^(?:series:[a-z][a-z0-9_]{1,63}:[A-Za-z0-9_.-]{1,32}|latest:[a-z][a-z0-9_]{1,63})$/;

/** A topic name as a string that matches one of the two kinds. */
export const TopicSchema = z.string().regex(TOPIC, {
  message: 'expected a topic: series:<indicator>:<unit> or latest:<indicator>',
}) as unknown as z.ZodType<Topic>;

export function seriesTopic(indicator: string, unit: string): Topic {
  return `series:${indicator}:${unit}`;
}

export function latestTopic(indicator: string): Topic {
  return `latest:${indicator}`;
}

export type ParsedTopic =
  | { kind: 'series'; indicator: string; unit: string }
  | { kind: 'latest'; indicator: string };

/** Splits a topic into its parts; `null` if it is not a topic. */
export function parseTopic(topic: string): ParsedTopic | null {
  if (!TOPIC.test(topic)) return null;
  const [kind, indicator, unit] = topic.split(':');
  if (kind === 'series' && indicator && unit) return { kind, indicator, unit };
  if (kind === 'latest' && indicator) return { kind, indicator };
  return null;
}

/** Most points a `series:` snapshot carries (20 years of months). */
export const SERIES_SNAPSHOT_POINTS = 240;
