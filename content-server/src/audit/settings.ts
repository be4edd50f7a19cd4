import { resolve, join } from 'node:path';

export interface AuditSettings {
  /** AUDIT_KEY_FILE: the chain and anchor keys (default `<DATA_DIR>/audit.key`, beside the store, not in it). */
  keyFile: string;
  /** AUDIT_ANCHORS_FILE: the signed checkpoints (default `<DATA_DIR>/audit-anchors.jsonl`). */
  anchorsFile: string;
  /** AUDIT_ANCHOR_EVERY: an anchor after this many new entries (default 1000). */
  anchorEvery: number;
  /** AUDIT_ANCHOR_MINUTES: and at least this often while entries are written (default 5). */
  anchorMinutes: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** Where the audit keys and anchors of a data folder live; a bad value stops the start with a clear message. */
export function auditSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): AuditSettings {
  return {
    keyFile: env['AUDIT_KEY_FILE'] ? resolve(env['AUDIT_KEY_FILE']) : join(dataDir, 'audit.key'),
    anchorsFile: env['AUDIT_ANCHORS_FILE'] ? resolve(env['AUDIT_ANCHORS_FILE']) : join(dataDir, 'audit-anchors.jsonl'),
    anchorEvery: Math.round(positive(env, 'AUDIT_ANCHOR_EVERY', 1000)),
    anchorMinutes: positive(env, 'AUDIT_ANCHOR_MINUTES', 5),
  };
}
