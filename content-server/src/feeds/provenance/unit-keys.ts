import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Sql } from '../../store/sql.js';

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

const SELECT_ACTIVE = 'SELECT fingerprint, public_key FROM unit_keys WHERE unit = ? AND revoked_at IS NULL ORDER BY id';

/** Whether an insert failed on a unique index (the key is registered already), on either engine. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** Public keys registered per reporting unit; a unit may have several (rotation), each revocable. */
export class UnitKeys {
  /**
   * Parsed keys by fingerprint (a fingerprint names one key for ever). Which keys are active is
   * read at each check: another server, or `ops`, may have revoked one since.
   */
  private readonly parsed = new Map<string, KeyObject>();

  constructor(private readonly sql: Sql) {}

  /** Registers a key; refuses a key already registered (to any unit). */
  async add(unit: string, publicKey: string, addedBy: string, label: string | null = null): Promise<{ ok: true; key: UnitKey } | { ok: false; message: string }> {
    const parsed = parseEd25519PublicKey(publicKey);
    if (!parsed.ok) return parsed;
    let row: Row | undefined;
    try {
      row = await this.sql.get<Row>('INSERT INTO unit_keys (unit, public_key, fingerprint, label, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *', [
        unit,
        parsed.pem,
        parsed.fingerprint,
        label,
        addedBy,
        Date.now(),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, message: `this key (fingerprint ${parsed.fingerprint}) is already registered` };
      throw err;
    }
    return { ok: true, key: toKey(row!) };
  }

  /** Every key of a unit, revoked ones included (oldest first). */
  async list(unit: string): Promise<UnitKey[]> {
    return (await this.sql.all<Row>('SELECT * FROM unit_keys WHERE unit = ? ORDER BY id', [unit])).map(toKey);
  }

  async revoke(unit: string, fingerprint: string): Promise<boolean> {
    const { changes } = await this.sql.run('UPDATE unit_keys SET revoked_at = ? WHERE unit = ? AND fingerprint = ? AND revoked_at IS NULL', [Date.now(), unit, fingerprint]);
    return changes > 0;
  }

  /** The unit's active keys, each parsed once. */
  async active(unit: string): Promise<Array<{ fingerprint: string; key: KeyObject }>> {
    const rows = await this.sql.all<{ fingerprint: string; public_key: string }>(SELECT_ACTIVE, [unit]);
    return rows.map((r) => {
      let key = this.parsed.get(r.fingerprint);
      if (!key) {
        key = createPublicKey(r.public_key);
        this.parsed.set(r.fingerprint, key);
      }
      return { fingerprint: r.fingerprint, key };
    });
  }
}
