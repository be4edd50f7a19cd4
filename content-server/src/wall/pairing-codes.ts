import { randomInt } from 'node:crypto';
import { PAIRING_ALPHABET, PAIRING_CODE_LENGTH, PAIRING_CODE_TTL_MS, normalisePairingCode, type PairingHint, type PendingPairing } from '@ioc/protocol';

/** A random code from the unambiguous alphabet (crypto-grade: a code must not be guessable from another). */
export function generatePairingCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[random(PAIRING_ALPHABET.length)];
  return code;
}

interface Entry {
  owner: string;
  code: string;
  requestedAt: number;
  expiresAt: number;
  hint: PairingHint;
  address: string;
  userAgent: string;
}

/**
 * Pairing codes of renderers waiting for a technician, in memory: a code belongs to one
 * connected socket (its owner) and dies with it, so a code on the pending list is always on a
 * screen. A code expires after its time to live; the owner is then given a new one (the first
 * request time is kept, so the console shows how long the screen has waited).
 *
 * Floods: at most `perAddress` codes are pending per remote address and `limit` in all, so a
 * page opened in a loop cannot flood the console's list. When the list is full, a screen from
 * an address holding fewer codes takes the place of the newest code of the address holding the
 * most: one machine opening sockets in a loop can never keep a real display from pairing.
 */
export class PairingCodes {
  private readonly byOwner = new Map<string, Entry>();
  private readonly byCode = new Map<string, Entry>();

  constructor(
    private readonly opts: {
      ttlMs?: number;
      limit?: number;
      perAddress?: number;
      now?: () => number;
      generate?: () => string;
      /** A code shown by another server (several servers): a new code avoids it as it avoids this server's. */
      inUse?: (code: string) => boolean;
      /** Runs when a code is issued or dropped (several servers: the others are told). */
      onChange?: () => void;
    } = {},
  ) {}

  /** Codes pending for screens at this address. */
  heldBy(address: string): number {
    let n = 0;
    for (const e of this.byOwner.values()) if (e.address === address) n++;
    return n;
  }

  get perAddress(): number {
    return this.opts.perAddress ?? 8;
  }

  /**
   * Makes room for a screen at `address` in a full list: drops the newest code of the address
   * holding the most, if that address holds at least two more than this one. False: no room.
   */
  private makeRoom(address: string): boolean {
    const held = new Map<string, Entry[]>();
    for (const e of this.byOwner.values()) held.set(e.address, [...(held.get(e.address) ?? []), e]);
    let busiest: Entry[] = [];
    for (const list of held.values()) if (list.length > busiest.length) busiest = list;
    if (busiest.length < (held.get(address)?.length ?? 0) + 2) return false;
    const newest = busiest.reduce((a, b) => (b.requestedAt >= a.requestedAt ? b : a));
    this.drop(newest.owner);
    return true;
  }

  private get ttl(): number {
    return this.opts.ttlMs ?? PAIRING_CODE_TTL_MS;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A fresh code for this owner (replacing any it had), or null when too many are pending. */
  issue(owner: string, meta: { hint?: PairingHint; address?: string; userAgent?: string } = {}): { code: string; expiresAt: number } | null {
    const previous = this.byOwner.get(owner);
    const address = meta.address ?? previous?.address ?? '';
    if (!previous) {
      if (this.heldBy(address) >= this.perAddress) return null;
      if (this.byOwner.size >= (this.opts.limit ?? 100) && !this.makeRoom(address)) return null;
    }
    this.drop(owner);
    let code = (this.opts.generate ?? generatePairingCode)();
    // 31^6 codes: a clash with another pending one is rare, but must not hand over two screens.
    const clash = (c: string) => this.byCode.has(c) || (this.opts.inUse?.(c) ?? false);
    for (let tries = 0; clash(code) && tries < 20; tries++) code = (this.opts.generate ?? generatePairingCode)();
    if (clash(code)) return null;
    const now = this.now();
    const entry: Entry = {
      owner,
      code,
      requestedAt: previous?.requestedAt ?? now,
      expiresAt: now + this.ttl,
      hint: meta.hint ?? previous?.hint ?? {},
      address,
      userAgent: meta.userAgent ?? previous?.userAgent ?? '',
    };
    this.byOwner.set(owner, entry);
    this.byCode.set(code, entry);
    this.opts.onChange?.();
    return { code, expiresAt: entry.expiresAt };
  }

  /**
   * The owner of a valid code, removing it (a code is used once). A code is accepted however
   * it was typed (case, spaces, dashes); an expired one is not.
   */
  take(typed: string): { owner: string; code: string } | null {
    const code = normalisePairingCode(typed);
    const entry = code ? this.byCode.get(code) : undefined;
    if (!entry || entry.expiresAt <= this.now()) return null;
    this.drop(entry.owner);
    return { owner: entry.owner, code: entry.code };
  }

  /** Whether a code is pending and not expired (without using it). */
  has(typed: string): boolean {
    const code = normalisePairingCode(typed);
    const entry = code ? this.byCode.get(code) : undefined;
    return entry !== undefined && entry.expiresAt > this.now();
  }

  drop(owner: string): void {
    const entry = this.byOwner.get(owner);
    if (!entry) return;
    this.byOwner.delete(owner);
    this.byCode.delete(entry.code);
    this.opts.onChange?.();
  }

  /** Codes not expired, oldest request first. */
  pending(): PendingPairing[] {
    const now = this.now();
    return [...this.byOwner.values()]
      .filter((e) => e.expiresAt > now)
      .sort((a, b) => a.requestedAt - b.requestedAt)
      .map((e) => ({ code: e.code, requestedAt: e.requestedAt, expiresAt: e.expiresAt, ageS: Math.floor((now - e.requestedAt) / 1000), hint: e.hint, address: e.address, userAgent: e.userAgent }));
  }
}
