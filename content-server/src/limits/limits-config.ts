import { z } from 'zod';
import { describeIssues } from '../describe-issues.js';
import type { Rate } from './token-buckets.js';

/**
 * Every flood limit of the server, in one place. Defaults are sized for a control room (a few
 * consoles, a few dozen displays, people typing) with room to spare; `RATE_LIMITS` (JSON, any
 * subset of this shape) overrides them, e.g. `RATE_LIMITS='{"commands":{"perPrincipal":{"perSecond":10,"burst":50}}}'`.
 */
export interface FloodLimits {
  /** `POST /api/v1/commands` and the console socket's `command` / `command:resend`. */
  commands: { perPrincipal: Rate; perAddress: Rate };
  /** Every socket event (both namespaces), per socket. */
  socketEvents: { perSocket: Rate };
  /** The wall's `pairing:request`, per address. */
  pairing: { perAddress: Rate };
  /** Codes pending at once: per address and in all. */
  pairingCodes: { perAddress: number; total: number };
  /** `POST /api/v1/auth/login`, per address, whatever the outcome (failures have their own lock). */
  logins: { perAddress: Rate };
  /** Forecasts, what-if, rankings, templates, submissions and reports: reads that compute. */
  expensiveReads: { perPrincipal: Rate; perAddress: Rate };
  /** Commands waiting on one device; urgent ones (power off, mute) are always taken. */
  deviceQueue: { maxQueued: number };
}

export const DEFAULT_LIMITS: FloodLimits = {
  commands: { perPrincipal: { perSecond: 5, burst: 30 }, perAddress: { perSecond: 20, burst: 100 } },
  socketEvents: { perSocket: { perSecond: 20, burst: 100 } },
  pairing: { perAddress: { perSecond: 0.5, burst: 20 } },
  pairingCodes: { perAddress: 8, total: 100 },
  logins: { perAddress: { perSecond: 1, burst: 20 } },
  expensiveReads: { perPrincipal: { perSecond: 2, burst: 30 }, perAddress: { perSecond: 5, burst: 60 } },
  deviceQueue: { maxQueued: 100 },
};

const RateSchema = z.strictObject({ perSecond: z.number().positive().max(1e6), burst: z.number().int().min(1).max(1e6) }).partial();
const Count = z.number().int().min(1).max(1e6);
const OverridesSchema = z
  .strictObject({
    commands: z.strictObject({ perPrincipal: RateSchema, perAddress: RateSchema }).partial(),
    socketEvents: z.strictObject({ perSocket: RateSchema }).partial(),
    pairing: z.strictObject({ perAddress: RateSchema }).partial(),
    pairingCodes: z.strictObject({ perAddress: Count, total: Count }).partial(),
    logins: z.strictObject({ perAddress: RateSchema }).partial(),
    expensiveReads: z.strictObject({ perPrincipal: RateSchema, perAddress: RateSchema }).partial(),
    deviceQueue: z.strictObject({ maxQueued: Count }).partial(),
  })
  .partial();
export type LimitOverrides = z.infer<typeof OverridesSchema>;

function merge<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (typeof base !== 'object' || base === null || typeof over !== 'object' || over === null) return over as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out as T;
}

/** The defaults with `overrides` laid over them (already-parsed values, from tests or `RATE_LIMITS`). */
export function resolveLimits(overrides: LimitOverrides = {}): FloodLimits {
  return merge(DEFAULT_LIMITS, overrides);
}

/** Reads `RATE_LIMITS`; a bad value stops the start with a message naming the field. */
export function parseLimitsEnv(text: string | undefined): LimitOverrides {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`RATE_LIMITS must be JSON: ${(err as Error).message}`);
  }
  const parsed = OverridesSchema.safeParse(json);
  if (!parsed.success) throw new Error(`RATE_LIMITS: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
