import { isIdentityColor, type DisplayColor, type Wall } from '@ioc/protocol';

/** One channel of an SVG `feComponentTransfer type="gamma"`: `out = amplitude x in^exponent + offset`. */
export interface ChannelTransfer {
  amplitude: number;
  exponent: number;
  offset: number;
}

/**
 * The colour correction of a display as an SVG component transfer on sRGB values: each
 * channel becomes `brightness x gain x in^(1 / gamma)`; the filter clamps to 0-1.
 */
export function colorTransfer(c: DisplayColor): { r: ChannelTransfer; g: ChannelTransfer; b: ChannelTransfer } {
  const exponent = round(1 / c.gamma);
  const channel = (gain: number): ChannelTransfer => ({ amplitude: round(c.brightness * gain), exponent, offset: 0 });
  return { r: channel(c.gain.r), g: channel(c.gain.g), b: channel(c.gain.b) };
}

/** What the correction makes of one sRGB value 0-255 (as the filter computes it). */
export function correctedValue(value: number, t: ChannelTransfer): number {
  const v = t.amplitude * Math.pow(value / 255, t.exponent) + t.offset;
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** The id of a display's filter element in the page. */
export function colorFilterId(displayId: string): string {
  return `ioc-color-${displayId}`;
}

/** The displays of a wall whose colour correction changes something, with it. */
export function correctedDisplays(wall: Wall): Array<{ id: string; color: DisplayColor }> {
  return wall.displays.flatMap((d) => (d.color && !isIdentityColor(d.color) ? [{ id: d.id, color: d.color }] : []));
}

/** The CSS `filter` of a display's view: its correction, or none. */
export function colorFilterOf(wall: Wall, displayId: string | null): string | undefined {
  if (displayId === null) return undefined;
  const d = wall.displays.find((x) => x.id === displayId);
  return d?.color && !isIdentityColor(d.color) ? `url(#${colorFilterId(displayId)})` : undefined;
}
