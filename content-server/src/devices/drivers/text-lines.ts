/**
 * Splits a byte stream into text lines for the line-based protocols (PJLink, Extron SIS,
 * Videohub). Chunks may cut a line anywhere, so the partial line is kept until its terminator
 * arrives. A line that grows past `maxLength` is dropped and reported, so a device that never
 * sends a terminator (or a wrong baud rate) cannot make the buffer grow without bound.
 */
export interface LineSplitterOptions {
  /** Bytes that end a line. */
  terminators: readonly number[];
  /** Bytes dropped wherever they appear (NUL padding, the CR of a CR LF pair). */
  skip?: readonly number[];
  /** Longest line kept, terminator and skipped bytes not counted. */
  maxLength: number;
}

export type LinePiece =
  /** `raw` holds every byte the line took on the wire, skipped bytes and terminator included. */
  | { kind: 'line'; line: string; raw: Uint8Array }
  | { kind: 'overflow'; raw: Uint8Array };

export class LineSplitter {
  private line: number[] = [];
  private raw: number[] = [];
  /** After an overflow, the rest of that line is thrown away up to its terminator. */
  private discarding = false;

  constructor(private readonly opts: LineSplitterOptions) {}

  push(chunk: Uint8Array): LinePiece[] {
    const out: LinePiece[] = [];
    for (const b of chunk) {
      this.raw.push(b);
      if (this.opts.terminators.includes(b)) {
        if (this.discarding) out.push({ kind: 'overflow', raw: Uint8Array.from(this.raw) });
        else out.push({ kind: 'line', line: latin1(this.line), raw: Uint8Array.from(this.raw) });
        this.clear();
        continue;
      }
      if (this.opts.skip?.includes(b)) continue;
      if (this.discarding) continue;
      this.line.push(b);
      if (this.line.length > this.opts.maxLength) {
        out.push({ kind: 'overflow', raw: Uint8Array.from(this.raw) });
        this.line = [];
        this.raw = [];
        this.discarding = true;
      }
    }
    // Bytes of a discarded line are reported as they come, not held until a terminator.
    if (this.discarding && this.raw.length > 0) {
      out.push({ kind: 'overflow', raw: Uint8Array.from(this.raw) });
      this.raw = [];
    }
    return out;
  }

  reset(): void {
    this.clear();
  }

  private clear(): void {
    this.line = [];
    this.raw = [];
    this.discarding = false;
  }
}

/** True when every character is printable ASCII (space to tilde). */
export const isPrintable = (s: string): boolean => /^[\x20-\x7E]*$/.test(s);

/**
 * Finds where a frame starts inside a line that may carry noise before it; returns the noise
 * and the rest, or null when no frame start is found.
 */
export function splitNoise(line: string, start: RegExp): { noise: string; rest: string } | null {
  const m = start.exec(line);
  if (!m) return null;
  return { noise: line.slice(0, m.index), rest: line.slice(m.index) };
}

/**
 * Lines are decoded one char per byte (true ISO-8859-1, unlike TextDecoder's 'latin1', which is
 * windows-1252), so a slice of a line maps back to the exact bytes it came from.
 */
export const latin1 = (bytes: ArrayLike<number>): string => String.fromCharCode(...Array.from(bytes));
export const latin1Bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
