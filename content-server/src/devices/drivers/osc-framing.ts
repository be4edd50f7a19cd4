/**
 * Where OSC packets begin and end: on a byte stream (OSC 1.0 length prefix, OSC 1.1 SLIP) and
 * inside a bundle. Nothing here looks at message contents; `osc.ts` does that.
 */

export const OSC_FRAMINGS = ['none', 'length', 'slip'] as const;
export type OscFraming = (typeof OSC_FRAMINGS)[number];

/**
 * A peer that announces an absurd length (or never sends END) must not make us buffer without
 * end; 1 MiB is far above any real console message and well under memory concerns.
 */
export const MAX_PACKET = 1 << 20;

const END = 0xc0;
const ESC = 0xdb;
const ESC_END = 0xdc;
const ESC_ESC = 0xdd;

/** Wraps one OSC packet for the wire. */
export function framePacket(framing: OscFraming, packet: Uint8Array): Uint8Array {
  if (framing === 'none') return packet;
  if (framing === 'length') {
    const out = new Uint8Array(4 + packet.length);
    new DataView(out.buffer).setInt32(0, packet.length, false);
    out.set(packet, 4);
    return out;
  }
  // Double-ended (a leading END too), as OSC 1.1 recommends: it flushes any line noise that
  // arrived before the frame, so the receiver starts the packet clean.
  const out: number[] = [END];
  for (const b of packet) {
    if (b === END) out.push(ESC, ESC_END);
    else if (b === ESC) out.push(ESC, ESC_ESC);
    else out.push(b);
  }
  out.push(END);
  return Uint8Array.from(out);
}

export type Deframed = { packet: Uint8Array } | { garbage: string; raw: Uint8Array };

/** Splits a byte stream back into OSC packets; keeps partial frames between pushes. */
export class Deframer {
  private buf = new Uint8Array(0);
  // SLIP state survives between pushes, since an ESC may end one chunk and its code start the next.
  private slipBody: number[] = [];
  private slipWire: number[] = [];
  private slipEsc = false;
  private slipError: string | null = null;

  constructor(readonly framing: OscFraming) {}

  reset(): void {
    this.buf = new Uint8Array(0);
    this.slipBody = [];
    this.slipWire = [];
    this.slipEsc = false;
    this.slipError = null;
  }

  push(chunk: Uint8Array): Deframed[] {
    if (this.framing === 'none') return chunk.length > 0 ? [{ packet: chunk }] : [];
    return this.framing === 'length' ? this.pushLength(chunk) : this.pushSlip(chunk);
  }

  private pushLength(chunk: Uint8Array): Deframed[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    const out: Deframed[] = [];
    let at = 0;
    while (merged.length - at >= 4) {
      const size = new DataView(merged.buffer, merged.byteOffset + at, 4).getInt32(0, false);
      if (size <= 0 || size > MAX_PACKET) {
        // A length prefix gives nothing to resynchronise on: drop what we hold and start over
        // with the next bytes (the transport should reconnect if this keeps happening).
        out.push({ garbage: `bad OSC length prefix ${size}`, raw: merged.slice(at) });
        at = merged.length;
        break;
      }
      if (merged.length - at - 4 < size) break;
      out.push({ packet: merged.slice(at + 4, at + 4 + size) });
      at += 4 + size;
    }
    this.buf = merged.slice(at);
    return out;
  }

  private pushSlip(chunk: Uint8Array): Deframed[] {
    const out: Deframed[] = [];
    for (const b of chunk) {
      if (b === END) {
        const wire = Uint8Array.from([...this.slipWire, END]);
        if (this.slipError) out.push({ garbage: this.slipError, raw: wire });
        else if (this.slipEsc) out.push({ garbage: 'SLIP frame ends inside an escape', raw: wire });
        else if (this.slipBody.length > 0) out.push({ packet: Uint8Array.from(this.slipBody) });
        this.slipBody = [];
        this.slipWire = [];
        this.slipEsc = false;
        this.slipError = null;
        continue;
      }
      if (this.slipWire.length < MAX_PACKET) this.slipWire.push(b);
      if (this.slipError) continue;
      if (this.slipEsc) {
        this.slipEsc = false;
        if (b === ESC_END) this.slipBody.push(END);
        else if (b === ESC_ESC) this.slipBody.push(ESC);
        else this.slipError = `bad SLIP escape DB ${b.toString(16).toUpperCase().padStart(2, '0')}`;
      } else if (b === ESC) this.slipEsc = true;
      else this.slipBody.push(b);
      if (this.slipBody.length > MAX_PACKET) {
        this.slipError = `SLIP frame longer than ${MAX_PACKET} bytes`;
        this.slipBody = [];
      }
    }
    return out;
  }
}

/** One message found in a packet, with the time tag of the bundle that carried it. */
export interface PacketElement {
  bytes: Uint8Array;
  /** NTP seconds and fraction, or undefined for a bare message or an "immediately" bundle. */
  timetag?: { seconds: number; fraction: number };
}

const BUNDLE_HEAD = [0x23, 0x62, 0x75, 0x6e, 0x64, 0x6c, 0x65, 0x00]; // "#bundle\0"
const MAX_DEPTH = 16;

export const isBundle = (p: Uint8Array): boolean => p.length >= 8 && BUNDLE_HEAD.every((b, i) => p[i] === b);

/**
 * Flattens a packet into its messages. Throws on a malformed bundle: OSC says an invalid packet
 * is discarded whole, so the caller reports it as garbage rather than half of it.
 */
export function splitPacket(packet: Uint8Array, depth = 0): PacketElement[] {
  if (packet.length % 4 !== 0) throw new Error(`OSC packet size ${packet.length} is not a multiple of 4`);
  if (!isBundle(packet)) return [{ bytes: packet }];
  if (depth >= MAX_DEPTH) throw new Error('OSC bundles nested too deep');
  if (packet.length < 16) throw new Error('OSC bundle without a time tag');
  const view = new DataView(packet.buffer, packet.byteOffset, packet.length);
  const seconds = view.getUint32(8, false);
  const fraction = view.getUint32(12, false);
  const immediate = seconds === 0 && fraction === 1;
  const out: PacketElement[] = [];
  let at = 16;
  while (at < packet.length) {
    if (packet.length - at < 4) throw new Error('OSC bundle element size cut short');
    const size = view.getInt32(at, false);
    at += 4;
    if (size <= 0 || size % 4 !== 0 || at + size > packet.length) throw new Error(`bad OSC bundle element size ${size}`);
    for (const el of splitPacket(packet.subarray(at, at + size), depth + 1)) {
      // An inner bundle's own time tag wins over ours (it must not be earlier, per OSC 1.0).
      if (el.timetag || immediate) out.push(el);
      else out.push({ bytes: el.bytes, timetag: { seconds, fraction } });
    }
    at += size;
  }
  return out;
}

/** NTP era 0 seconds between 1900-01-01 and 1970-01-01. */
export const NTP_UNIX_OFFSET = 2_208_988_800;

export function ntpToIso(t: { seconds: number; fraction: number }): string {
  return new Date((t.seconds - NTP_UNIX_OFFSET) * 1000 + Math.floor((t.fraction / 2 ** 32) * 1000)).toISOString();
}
