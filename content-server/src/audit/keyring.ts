import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const FORMAT = 'ioc-audit-keys/1';

const KeyFileSchema = z.object({
  format: z.literal(FORMAT),
  /** Oldest first; the last is the one new entries are sealed with. */
  chain: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{16}$/), secret: z.string().min(40), createdAt: z.number().int() })).min(1),
  /** Ed25519 private key (PKCS#8 PEM) that signs the anchors. */
  anchor: z.object({ privateKey: z.string().min(1) }),
});
type KeyFile = z.infer<typeof KeyFileSchema>;

export interface ChainKey {
  id: string;
  secret: Buffer;
  createdAt: number;
}

/** The id of a chain key: a fingerprint, so that a row names its key without revealing it. */
function keyId(secret: Buffer): string {
  return createHash('sha256').update('ioc-audit-key-id:').update(secret).digest('hex').slice(0, 16);
}

function newChainKey(now: number): KeyFile['chain'][number] {
  const secret = randomBytes(32);
  return { id: keyId(secret), secret: secret.toString('base64'), createdAt: now };
}

/**
 * The audit keys, kept in one file outside the database (mode 0600): the HMAC keys of the chain,
 * one per keyed segment (a rotation adds one; old ones stay so their segments still verify), and
 * the Ed25519 key that signs the anchors. Someone who holds the database but not this file can
 * neither reseal an edited chain nor forge an anchor.
 */
export class AuditKeyring {
  private constructor(
    readonly file: string,
    private data: KeyFile,
  ) {}

  /** Reads the key file; a missing, malformed or foreign file is an error naming it. */
  static load(file: string): AuditKeyring {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`audit key file ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = KeyFileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`audit key file ${file} is not an audit key file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    for (const k of parsed.data.chain) {
      if (keyId(Buffer.from(k.secret, 'base64')) !== k.id) throw new Error(`audit key file ${file}: key ${k.id} does not match its secret`);
    }
    return new AuditKeyring(file, parsed.data);
  }

  /** The key file, created (0600, in a new folder if need be) when there is none yet. */
  static openOrCreate(file: string, now = Date.now()): { keyring: AuditKeyring; created: boolean } {
    if (existsSync(file)) return { keyring: AuditKeyring.load(file), created: false };
    const { privateKey } = generateKeyPairSync('ed25519');
    const data: KeyFile = { format: FORMAT, chain: [newChainKey(now)], anchor: { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } };
    mkdirSync(dirname(file), { recursive: true });
    // wx: two processes starting at once must not each make a key and overwrite the other's.
    try {
      writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { keyring: AuditKeyring.load(file), created: false };
      throw err;
    }
    return { keyring: new AuditKeyring(file, data), created: true };
  }

  /** The key new entries are sealed with. */
  get current(): ChainKey {
    return this.toKey(this.data.chain.at(-1)!);
  }

  get keys(): ChainKey[] {
    return this.data.chain.map((k) => this.toKey(k));
  }

  secret(id: string): Buffer | undefined {
    const k = this.data.chain.find((c) => c.id === id);
    return k ? Buffer.from(k.secret, 'base64') : undefined;
  }

  get anchorPrivateKey(): KeyObject {
    return createPrivateKey(this.data.anchor.privateKey);
  }

  get anchorPublicKey(): KeyObject {
    return createPublicKey(this.anchorPrivateKey);
  }

  /** File permissions wider than the owner's, or null when they are right. */
  looseMode(): string | null {
    const mode = statSync(this.file).mode & 0o777;
    return mode & 0o077 ? mode.toString(8).padStart(4, '0') : null;
  }

  /** Re-reads the file (another process may have rotated the key); false when it cannot. */
  reload(): boolean {
    try {
      this.data = AuditKeyring.load(this.file).data;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Adds a new chain key and makes it current; the caller records the new segment in the chain.
   * Written to a temporary file and renamed, so a crash leaves the old file or the new one.
   */
  rotate(now = Date.now()): ChainKey {
    const next: KeyFile = { ...this.data, chain: [...this.data.chain, newChainKey(now)] };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
    this.data = next;
    return this.current;
  }

  private toKey(k: KeyFile['chain'][number]): ChainKey {
    return { id: k.id, secret: Buffer.from(k.secret, 'base64'), createdAt: k.createdAt };
  }
}
