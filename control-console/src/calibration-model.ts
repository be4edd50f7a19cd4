import type { DeviceStatus, DisplayAdjustView, DisplayColor } from '@ioc/protocol';

/**
 * The calibration panel's rules, kept out of the components: which arguments a slider sends,
 * and whether a display's brightness goes to the display itself (its device) or to the
 * renderer's colour filter.
 */

export type BezelSide = 'top' | 'right' | 'bottom' | 'left';
export type ColorField = 'r' | 'g' | 'b' | 'brightness' | 'gamma';

/** `wall.display.adjust` arguments for one display's bezels. */
export function bezelArgs(wallId: string, d: DisplayAdjustView, side: BezelSide, value: number) {
  const bezel = d.bezel ?? { top: 0, right: 0, bottom: 0, left: 0 };
  return { wallId, displayId: d.displayId, bezel: { ...bezel, [side]: value } };
}

export function offsetArgs(wallId: string, d: DisplayAdjustView, axis: 'x' | 'y', value: number) {
  return { wallId, displayId: d.displayId, offset: { ...d.offset, [axis]: Math.round(value) } };
}

/** The whole colour correction with one field changed (the server takes it whole). */
export function withColor(color: DisplayColor, field: ColorField, value: number): DisplayColor {
  if (field === 'brightness' || field === 'gamma') return { ...color, [field]: value };
  return { ...color, gain: { ...color.gain, [field]: value } };
}

export function colorArgs(wallId: string, d: DisplayAdjustView, field: ColorField, value: number) {
  return { wallId, displayId: d.displayId, color: withColor(d.color, field, value) };
}

/**
 * The device that shows this wall display and can set its own brightness (`display.brightness`
 * lists it among its choices), or null: the renderer's filter is used instead.
 */
export function brightnessDevice(
  wallId: string,
  displayId: string,
  devices: Readonly<Record<string, DeviceStatus>>,
  brightnessChoices: ReadonlyArray<string | number> | undefined,
): DeviceStatus | null {
  if (!brightnessChoices) return null;
  const found = Object.values(devices).find((d) => d.wallDisplay?.wall === wallId && d.wallDisplay.display === displayId && brightnessChoices.includes(d.id));
  return found ?? null;
}

/** The device's last known brightness (0-100), if it reported one. */
export function deviceBrightness(device: DeviceStatus): number | null {
  const v = device.state.brightness;
  return typeof v === 'number' ? v : null;
}

/**
 * Sends the last value given after `delayMs` without a new one (a slider being dragged sends
 * once it rests), and never two at once under the same key: while one waits for its answer
 * the next is held and sent after.
 */
export function createDebouncedSender(opts: {
  delayMs: number;
  isPending: (key: string) => boolean;
  send: (key: string, name: string, args: Record<string, unknown>) => void;
  schedule?: (run: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}) {
  const schedule = opts.schedule ?? ((run, ms) => setTimeout(run, ms));
  const cancel = opts.cancel ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const timers = new Map<string, unknown>();
  const fire = (key: string, name: string, args: Record<string, unknown>): void => {
    timers.delete(key);
    if (opts.isPending(key)) {
      timers.set(key, schedule(() => fire(key, name, args), opts.delayMs));
      return;
    }
    opts.send(key, name, args);
  };
  return {
    push(key: string, name: string, args: Record<string, unknown>): void {
      const t = timers.get(key);
      if (t !== undefined) cancel(t);
      timers.set(key, schedule(() => fire(key, name, args), opts.delayMs));
    },
    dispose(): void {
      for (const t of timers.values()) cancel(t);
      timers.clear();
    },
  };
}
