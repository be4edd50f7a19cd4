import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** A checkpoint of the chain: "the log had `count` entries, the newest `lastId` with `lastHash`". */
export interface Anchor {
  lastId: number;
  lastHash: string;
  count: number;
  /** When it was taken, epoch ms. */
  time: number;
}

export interface SignedAnchor extends Anchor {
  /** Fingerprint of the Ed25519 public key that signed it. */
  signer: string;
  /** Ed25519 signature, base64. */
  sig: string;
}

const SignedAnchorSchema = z.object({
  lastId: z.number().int().nonnegative(),
  lastHash: z.string(),
  count: z.number().int().nonnegative(),
  time: z.number().int(),
  signer: z.string(),
  sig: z.string(),
});

/**
 * Where anchors go. The file sink keeps them in DATA_DIR, outside the database; a peer sink
 * (another center, once center-to-center links exist) will implement the same interface, and is
 * what makes the anchors hold against someone who holds the whole data folder.
 */
export interface AnchorSink {
  readonly name: string;
  publish(anchor: SignedAnchor): void | Promise<void>;
}

function signedBytes(a: Anchor): Buffer {
  return Buffer.from(JSON.stringify(['ioc-audit-anchor/1', a.lastId, a.lastHash, a.count, a.time]));
}

export function signerId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signAnchor(a: Anchor, privateKey: KeyObject, publicKey: KeyObject): SignedAnchor {
  return { ...a, signer: signerId(publicKey), sig: sign(null, signedBytes(a), privateKey).toString('base64') };
}

export function anchorSignatureHolds(a: SignedAnchor, publicKey: KeyObject): boolean {
  try {
    return a.signer === signerId(publicKey) && verify(null, signedBytes(a), publicKey, Buffer.from(a.sig, 'base64'));
  } catch {
    // A malformed signature is simply one that does not hold.
    return false;
  }
}

/** Appends one JSON line per anchor; O_APPEND, so concurrent writers never interleave a line. */
export class FileAnchorSink implements AnchorSink {
  readonly name = 'file';
  constructor(readonly file: string) {}

  publish(anchor: SignedAnchor): void {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  }
}

export type AnchorLine = { line: number; anchor: SignedAnchor } | { line: number; error: string };

/** The anchors of a file, oldest first; lines that are not anchors are returned as errors. */
export function readAnchorFile(file: string): AnchorLine[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: AnchorLine[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      const parsed = SignedAnchorSchema.safeParse(JSON.parse(text));
      out.push(parsed.success ? { line: i + 1, anchor: parsed.data } : { line: i + 1, error: 'not an anchor' });
    } catch {
      out.push({ line: i + 1, error: 'not JSON' });
    }
  });
  return out;
}
