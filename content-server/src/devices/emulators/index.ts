import type { DeviceEmulator } from './emulator.js';
import { ExtronSisEmulator, type ExtronSisOptions } from './extron-sis.js';
import { LgEmulator } from './lg.js';
import { NecEmulator } from './nec.js';
import { PjlinkEmulator } from './pjlink.js';
import { SamsungMdcEmulator } from './samsung-mdc.js';
import { TemplateEmulator, type TemplateEmulatorOptions } from './template.js';
import { VideohubEmulator, type VideohubOptions } from './videohub.js';

export { serveSerial, serveTcp, type DeviceEmulator } from './emulator.js';
export { ExtronSisEmulator, type ExtronSisOptions, type MatrixState } from './extron-sis.js';
export { LgEmulator, type LgDisplayState } from './lg.js';
export { NEC_POWER, NecEmulator, type NecMonitorState } from './nec.js';
export { OscPeer, type MixerState, type OscPeerArg, type OscReceived, type OscTimetag } from './osc-peer.js';
export { PjlinkEmulator, type ProjectorState } from './pjlink.js';
export { SamsungMdcEmulator, type MdcDisplayState } from './samsung-mdc.js';
export {
  SCREEN_COMMANDS,
  SCREEN_RULES,
  TemplateEmulator,
  type TemplateDeviceState,
  type TemplateEmulatorOptions,
  type TemplateRule,
} from './template.js';
export { VideohubEmulator, type RouterState, type VideohubOptions } from './videohub.js';

/** The byte-stream drivers `emulatorFor` has a device for (OSC is a UDP peer: `OscPeer`). */
export const EMULATED_DRIVERS = ['samsung-mdc', 'lg', 'nec', 'pjlink', 'extron-sis', 'videohub', 'template'] as const;
export type EmulatedDriver = (typeof EMULATED_DRIVERS)[number];

/**
 * What a device profile tells its emulator; each driver reads only its own fields.
 * - `address` (samsung-mdc, lg, nec): the profile's display / set / monitor ID, a number or a
 *   decimal string; default 1. A broadcast address (0, `all`, `*`; 0xFE on Samsung) gives a
 *   display with ID 1, which obeys the broadcast.
 * - `password` (pjlink): the projector's password; absent or null: no authentication.
 * - `inputs`, `outputs` (extron-sis 8x8, videohub 12x12), `model`; extron-sis also `presets`
 *   (32), `banner` (true), `now`; videohub `friendlyName`, `uniqueId`.
 * - `rules`, `unknown`, `eol`, `state` (template): see `TemplateEmulatorOptions`; without
 *   `rules`, the projection screen of `SCREEN_RULES`.
 */
export type EmulatorOptions = { address?: number | string; password?: string | null } & ExtronSisOptions &
  VideohubOptions &
  TemplateEmulatorOptions;

/** A fresh emulated device for a profile's driver; throws for a driver it has none for. */
export function emulatorFor(driver: string, options: EmulatorOptions = {}): DeviceEmulator {
  switch (driver) {
    case 'samsung-mdc':
      return new SamsungMdcEmulator(displayId(options.address, 0xfe));
    case 'lg':
      return new LgEmulator(displayId(options.address, 0));
    case 'nec':
      return new NecEmulator(displayId(options.address, 0));
    case 'pjlink':
      return new PjlinkEmulator(options.password ?? null);
    // Each reads its own fields of the options and nothing else.
    case 'extron-sis':
      return new ExtronSisEmulator(options);
    case 'videohub':
      return new VideohubEmulator(options);
    case 'template':
      return new TemplateEmulator(options);
    case 'osc':
      throw new Error('osc devices are UDP peers, not byte streams: start an OscPeer');
    default:
      throw new Error(`no emulator for driver ${driver}`);
  }
}

/** A profile's address as the one display's own ID; a broadcast address means display 1. */
function displayId(address: number | string | undefined, broadcast: number): number {
  if (address === undefined) return 1;
  const word = String(address).trim().toLowerCase();
  if (word === 'all' || word === '*') return 1;
  const n = typeof address === 'number' ? address : /^\d{1,3}$/.test(word) ? Number(word) : NaN;
  if (!Number.isInteger(n)) throw new Error(`emulator: address ${String(address)} is not a display ID`);
  return n === broadcast ? 1 : n;
}
