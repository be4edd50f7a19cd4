import { concatBytes } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

const HEADER = 0xaa;
const BROADCAST = 0xfe;
/** Input source codes this display accepts (MDC 0x14). */
const INPUTS = new Set([0x14, 0x18, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x31, 0x32, 0x33, 0x34, 0x60]);
/** The NAK error byte for "parameter out of range" (Samsung does not publish the codes' meanings). */
const ERR_RANGE = 0x01;
/** The NAK error byte for "command not supported". */
const ERR_COMMAND = 0x02;

export interface MdcDisplayState {
  power: number;
  volume: number;
  mute: number;
  input: number;
  brightness: number;
  wall: number;
  wallLayout: number;
  wallPosition: number;
}

/**
 * A Samsung display on an MDC line: `AA cmd id len data cs` in; `AA FF id len A|N rcmd data cs`
 * out. It answers only its own ID, obeys broadcast (0xFE) silently, ignores frames with a bad
 * checksum (as displays do: the controller times out), and NAKs unknown commands and values.
 */
export class SamsungMdcEmulator implements DeviceEmulator {
  readonly state: MdcDisplayState = { power: 0, volume: 20, mute: 0, input: 0x21, brightness: 60, wall: 0, wallLayout: 0x11, wallPosition: 1 };
  /** Frames received with a good checksum, for tests and the demo's device view. */
  readonly received: Uint8Array[] = [];
  private buf: Uint8Array = new Uint8Array(0);

  constructor(readonly id = 1) {}

  receive(chunk: Uint8Array): Uint8Array[] {
    this.buf = concatBytes(this.buf, chunk);
    const replies: Uint8Array[] = [];
    for (;;) {
      const start = this.buf.indexOf(HEADER);
      if (start < 0) {
        this.buf = new Uint8Array(0);
        break;
      }
      const b = this.buf.subarray(start);
      if (b.length < 4) break;
      const len = b[3]!;
      if (b.length < 5 + len) break;
      const frame = b.slice(0, 5 + len);
      if (sum(frame.subarray(1, 4 + len)) !== frame[4 + len]) {
        this.buf = this.buf.slice(start + 1); // not a frame: resync on the next header
        continue;
      }
      this.buf = this.buf.slice(start + 5 + len);
      this.received.push(frame);
      const id = frame[2]!;
      if (id !== this.id && id !== BROADCAST) continue;
      const reply = this.apply(frame[1]!, frame.subarray(4, 4 + len));
      if (id !== BROADCAST) replies.push(reply);
    }
    return replies;
  }

  private apply(cmd: number, data: Uint8Array): Uint8Array {
    const s = this.state;
    const v = data[0];
    const set = data.length > 0 && v !== undefined;
    const ack = (...bytes: number[]) => this.reply(0x41, cmd, bytes);
    const nak = (err: number) => this.reply(0x4e, cmd, [err]);
    switch (cmd) {
      case 0x00:
        return ack(s.power, s.volume, s.mute, s.input, 0x10, 0, 0);
      case 0x11:
        if (set) {
          if (v > 2) return nak(ERR_RANGE);
          s.power = v === 2 ? 1 : v;
        }
        return ack(s.power);
      case 0x12:
        if (set) {
          if (v > 100) return nak(ERR_RANGE);
          s.volume = v;
        }
        return ack(s.volume);
      case 0x13:
        if (set) {
          if (v > 1) return nak(ERR_RANGE);
          s.mute = v;
        }
        return ack(s.mute);
      case 0x14:
        if (set) {
          if (!INPUTS.has(v)) return nak(ERR_RANGE);
          s.input = v;
        }
        return ack(s.input);
      case 0x25:
        if (set) {
          if (v > 100) return nak(ERR_RANGE);
          s.brightness = v;
        }
        return ack(s.brightness);
      case 0x84:
        if (set) s.wall = v ? 1 : 0;
        return ack(s.wall);
      case 0x89:
        if (set) {
          s.wallLayout = v;
          s.wallPosition = data[1] ?? s.wallPosition;
        }
        return ack(s.wallLayout, s.wallPosition);
      default:
        return nak(ERR_COMMAND);
    }
  }

  private reply(verdict: number, cmd: number, data: number[]): Uint8Array {
    const body = [0xff, this.id, 2 + data.length, verdict, cmd, ...data];
    return Uint8Array.from([HEADER, ...body, sum(Uint8Array.from(body))]);
  }
}

function sum(bytes: Uint8Array): number {
  let s = 0;
  for (const b of bytes) s += b;
  return s & 0xff;
}
