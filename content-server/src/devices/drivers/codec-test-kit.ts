// Helpers shared by the driver tests (not part of the build: only *.test.ts import it).
import { ascii, DriverError, fromHex, toHex, type DeviceCodec, type DeviceEvent } from '../driver.js';

/** The bytes of one encoded command, as `ops device encode` prints them. */
export const hexOf = (c: DeviceCodec, command: string, args: unknown = {}): string => toHex(c.encode(command, args).bytes);

/** Feeds a hex string (`AA FF 01 ...`) in one chunk. */
export const feedHex = (c: DeviceCodec, hex: string): DeviceEvent[] => c.feed(fromHex(hex));

/** Feeds a hex string one byte at a time, as a slow serial line delivers it. */
export const bytewiseHex = (c: DeviceCodec, hex: string): DeviceEvent[] => Array.from(fromHex(hex)).flatMap((b) => c.feed(Uint8Array.of(b)));

/** Feeds text one byte at a time. */
export const bytewiseText = (c: DeviceCodec, s: string): DeviceEvent[] => Array.from(ascii(s)).flatMap((b) => c.feed(Uint8Array.of(b)));

/** Events without their raw bytes, for readable equality checks. */
export const strip = (events: DeviceEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);

/** The DriverError `fn` throws; fails the test if it throws nothing or something else. */
export function driverError(fn: () => unknown): DriverError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DriverError) return e;
    throw e;
  }
  throw new Error('expected a DriverError');
}

/** The field a DriverError names. */
export const fieldOf = (fn: () => unknown): string | null => driverError(fn).field;
