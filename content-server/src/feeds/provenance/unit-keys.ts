import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Db } from '../../store/index.js';

/** A reporting unit's registered Ed25519 public key (what its signatures are verified with). */
export interface UnitKey {
  unit: string;
  /** SHA-256 of the raw 32-byte key, hex: how people and the audit log name a key. */
  fingerprint: string;
  publicKeyPem: string;
  label: string | null;
  addedBy: string;
  addedAt: number;
  revokedAt: number | null;
}

interface Row {
  unit: string;
  fingerprint: string;
  public_key: string;
  label: string | null;
  added_by: string;
  added_at: number;
  revoked_at: number | null;
}

const toKey = (r: Row): UnitKey => ({
  unit: r.unit,
  fingerprint: r.fingerprint,
  publicKeyPem: r.public_key,
  label: r.label,
  addedBy: r.added_by,
  addedAt: r.added_at,
  revokedAt: r.revoked_at,
});

/**
 * Reads an Ed25519 public key given as PEM (SPKI, what `openssl pkey -pubout` writes) or as the
 * base64 of its 32 raw bytes. Returns the key and its fingerprint, or why it is not one.
 */
export function parseEd25519PublicKey(text: string): { ok: true; key: KeyObject; pem: string; fingerprint: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) key = createPublicKey(trimmed);
    else {
      const raw = Buffer.from(trimmed, 'base64');
      if (raw.length !== 32) return { ok: false, message: `expected a PEM public key or the base64 of 32 raw bytes; got ${raw.length} bytes` };
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    }
  } catch (err) {
    return { ok: false, message: `not a public key: ${(err as Error).message}` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, message: `expected an Ed25519 key; this is ${key.asymmetricKeyType ?? 'not an asymmetric key'}` };
  const raw = Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
  return { ok: true, key, pem: key.export({ format: 'pem', type: 'spki' }).toString(), fingerprint: createHash('sha256').update(raw).digest('hex') };
}

/** Public keys registered per reporting unit; a unit may have several (rotation), each revocable. */
export class UnitKeys {
  private readonly insert;
  private readonly selectActive;
  private readonly selectAll;
  private readonly revokeStmt;
  private readonly cache = new Map<string, Array<{ fingerprint: string; key: KeyObject }>>();

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO unit_keys (unit, public_key, fingerprint, label, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.selectActive = db.prepare<[string], Row>('SELECT * FROM unit_keys WHERE unit = ? AND revoked_at IS NULL ORDER BY id');
    this.selectAll = db.prepare<[string], Row>('SELECT * FROM unit_keys WHERE unit = ? ORDER BY id');
    this.revokeStmt = db.prepare('UPDATE unit_keys SET revoked_at = ? WHERE unit = ? AND fingerprint = ? AND revoked_at IS NULL');
  }

  /** Registers a key; refuses a key already registered (to any unit). */
  add(unit: string, publicKey: string, addedBy: string, label: string | null = null): { ok: true; key: UnitKey } | { ok: false; message: string } {
    const parsed = parseEd25519PublicKey(publicKey);
    if (!parsed.ok) return parsed;
    try {
      this.insert.run(unit, parsed.pem, parsed.fingerprint, label, addedBy, Date.now());
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { ok: false, message: `this key (fingerprint ${parsed.fingerprint}) is already registered` };
      throw err;
    }
    this.cache.delete(unit);
    return { ok: true, key: this.list(unit).find((k) => k.fingerprint === parsed.fingerprint)! };
  }

  /** Every key of a unit, revoked ones included (oldest first). */
  list(unit: string): UnitKey[] {
    return this.selectAll.all(unit).map(toKey);
  }

  revoke(unit: string, fingerprint: string): boolean {
    const done = this.revokeStmt.run(Date.now(), unit, fingerprint).changes > 0;
    if (done) this.cache.delete(unit);
    return done;
  }

  /** The unit's active keys, parsed once. */
  active(unit: string): Array<{ fingerprint: string; key: KeyObject }> {
    let keys = this.cache.get(unit);
    if (!keys) {
      keys = this.selectActive.all(unit).map((r) => ({ fingerprint: r.fingerprint, key: createPublicKey(r.public_key) }));
      this.cache.set(unit, keys);
    }
    return keys;
  }
}
