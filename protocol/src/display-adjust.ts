import { z } from 'zod';

/**
 * Technician calibration of a wall (issue 5): test patterns across the wall, and per-display
 * corrections saved in the wall file. No imports from `layouts.ts`, which uses these schemas.
 */

/**
 * A display's fine position correction, canvas pixels: its viewport moves by this much (x
 * right, y down), so content appears moved the other way on that display.
 */
export const DisplayOffsetSchema = z.strictObject({
  x: z.number().int().min(-500).max(500),
  y: z.number().int().min(-500).max(500),
});
export type DisplayOffset = z.infer<typeof DisplayOffsetSchema>;

const Gain = z.number().min(0).max(2);

/**
 * Colour correction applied by the renderer to everything a display shows: each channel
 * becomes `brightness x gain x input^(1 / gamma)` (sRGB values 0-1, clamped). Identity:
 * gains 1, brightness 1, gamma 1. A gamma above 1 lifts the mid-tones.
 */
export const DisplayColorSchema = z.strictObject({
  gain: z.strictObject({ r: Gain, g: Gain, b: Gain }),
  brightness: z.number().min(0).max(2),
  gamma: z.number().min(0.2).max(5),
});
export type DisplayColor = z.infer<typeof DisplayColorSchema>;

/** The colour correction that changes nothing. */
export const IDENTITY_COLOR: DisplayColor = { gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 1 };

/** True when a colour correction changes nothing (absent, or all ones). */
export function isIdentityColor(c: DisplayColor | undefined): boolean {
  return !c || (c.gain.r === 1 && c.gain.g === 1 && c.gain.b === 1 && c.brightness === 1 && c.gamma === 1);
}

/**
 * Test patterns, drawn across the whole canvas (continuous across bezels): `grid` (lines every
 * 100 canvas px, 45-degree lines and the canvas diagonals), `bars` (colour bars), `ramp` (grey
 * ramp, smooth and in 16 steps), `identity` (each display's identity card, large). Every
 * pattern also shows each display's identity card.
 */
export const CalibrationPatternSchema = z.enum(['grid', 'bars', 'ramp', 'identity']);
export type CalibrationPattern = z.infer<typeof CalibrationPatternSchema>;

/** Calibration mode of a wall, as carried in its state: the pattern every renderer draws. */
export const WallCalibrationSchema = z.object({
  pattern: CalibrationPatternSchema,
  /** Who turned it on (`user:tech-1`), for the console. */
  by: z.string(),
});
export type WallCalibration = z.infer<typeof WallCalibrationSchema>;

/** One display's current values, as the console's calibration panel shows them. */
export interface DisplayAdjustView {
  displayId: string;
  row: number;
  col: number;
  resolution: { width: number; height: number };
  /** Bezels in effect (the display's own or the wall's), mm; null when the wall has no size (bezels cannot be used). */
  bezel: { top: number; right: number; bottom: number; left: number } | null;
  offset: DisplayOffset;
  color: DisplayColor;
}

/** A wall's calibration for the console: the pattern on show (null: off) and each display's values. */
export interface WallCalibrationView {
  pattern: CalibrationPattern | null;
  displays: DisplayAdjustView[];
}
