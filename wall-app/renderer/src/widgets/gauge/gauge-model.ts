import { parsePeriod, type Thresholds } from '@ioc/protocol';
import { scaleLinear } from 'd3';

export type GaugeTone = 'good' | 'warn' | 'bad' | 'neutral';
/** Why the gauge has its colour (a status word on screen). */
export type GaugeStatus = 'onTrack' | 'watch' | 'behind' | 'withinLimit' | 'nearLimit' | 'overLimit' | 'outsideThreshold' | null;

/** Arc of the gauge: 240 degrees, open at the bottom (radians, clockwise from 12 o'clock). */
export const ARC_START = (-2 * Math.PI) / 3;
export const ARC_END = (2 * Math.PI) / 3;

/** Within this share of the target (or of the pace) the gauge turns to warning. */
export const WARN_SHARE = 0.9;

/**
 * Share of the year a period closes (October -> 10/12, Q3 -> 3/4, a year -> 1, a day by its
 * day of the year); null for an instant reading.
 */
export function yearElapsed(period: string): number | null {
  const parsed = parsePeriod(period);
  if (!parsed) return null;
  switch (parsed.kind) {
    case 'year':
      return 1;
    case 'quarter':
      return Number(period.slice(6)) / 4;
    case 'month':
      return Number(period.slice(5, 7)) / 12;
    case 'day': {
      const y = Number(period.slice(0, 4));
      const start = Date.UTC(y, 0, 1);
      const end = Date.UTC(y + 1, 0, 1);
      const day = Date.UTC(y, Number(period.slice(5, 7)) - 1, Number(period.slice(8, 10)) + 1);
      return (day - start) / (end - start);
    }
    case 'instant':
      return null;
  }
}

/**
 * True for an indicator whose value is the year-to-date share of its annual plan (`% of plan`,
 * e.g. public-investment disbursement): it grows through the year, so it is judged against the
 * pace the plan needs by the period (10/12 of the target in October), not the full target.
 */
export function isShareOfPlan(unitLabelEn: string): boolean {
  return /\bof plan\b/i.test(unitLabelEn);
}

export interface GaugeInput {
  value: number;
  target: number;
  higherIsBetter: boolean | null;
  thresholds?: Thresholds | undefined;
  /** Share of the year elapsed when the value accrues over the year (see `isShareOfPlan`); else null. */
  elapsed: number | null;
}

export interface GaugeModel {
  value: number;
  target: number;
  /** What the value should be by now: target x elapsed share (accruing values only). */
  pace: number | null;
  /** Scale of the arc: 0 to `max` (a round number above both the value and the target). */
  max: number;
  /** Positions on the arc, 0..1. */
  valueAt: number;
  targetAt: number;
  paceAt: number | null;
  /** value / target. */
  progress: number;
  tone: GaugeTone;
  status: GaugeStatus;
}

/**
 * The gauge of `value` against the year's `target`. Colour: outside the catalog's warning
 * thresholds -> bad; where higher is better, good at or above the pace (or the target), warning
 * from 90% of it, else bad; where lower is better the target is a ceiling: good below 90% of
 * it, warning up to it, bad above; neutral when the catalog gives no direction.
 */
export function gaugeModel(input: GaugeInput): GaugeModel {
  const { value, target, higherIsBetter, thresholds, elapsed } = input;
  const pace = elapsed !== null && higherIsBetter === true ? target * elapsed : null;
  const top = Math.max(target, value, 0) * 1.1 || 1;
  const max = scaleLinear().domain([0, top]).nice(5).domain()[1] ?? top;
  const at = (v: number) => Math.min(1, Math.max(0, v / max));
  let tone: GaugeTone = 'neutral';
  let status: GaugeStatus = null;
  if ((thresholds?.warnBelow !== undefined && value < thresholds.warnBelow) || (thresholds?.warnAbove !== undefined && value > thresholds.warnAbove)) {
    tone = 'bad';
    status = 'outsideThreshold';
  } else if (higherIsBetter === true) {
    const ref = pace ?? target;
    const ratio = ref > 0 ? value / ref : value >= ref ? 1 : 0;
    [tone, status] = ratio >= 1 ? ['good', 'onTrack'] : ratio >= WARN_SHARE ? ['warn', 'watch'] : ['bad', 'behind'];
  } else if (higherIsBetter === false) {
    [tone, status] = value <= target * WARN_SHARE ? ['good', 'withinLimit'] : value <= target ? ['warn', 'nearLimit'] : ['bad', 'overLimit'];
  }
  return {
    value,
    target,
    pace,
    max,
    valueAt: at(value),
    targetAt: at(target),
    paceAt: pace === null ? null : at(pace),
    progress: target !== 0 ? value / target : 0,
    tone,
    status,
  };
}

/** Angle on the arc (radians, clockwise from 12 o'clock) of a position 0..1. */
export function arcAngle(at: number): number {
  return ARC_START + (ARC_END - ARC_START) * Math.min(1, Math.max(0, at));
}

export interface GaugeLayout {
  cx: number;
  cy: number;
  radius: number;
  thickness: number;
  valueFont: number;
  /** Top of the text lines under the arc. */
  linesTop: number;
}

/** Lines of text under the arc (plan, pace or status), each this tall. */
export const LINE_H = 38;

/**
 * Places the arc in a `width` x `height` box with `lines` lines of text under it. The arc's
 * height is 1.5 radius (open 120 degrees at the bottom), with room above for the target's label
 * and below for the scale ends; the value font follows the radius, never below 64 px.
 */
export function gaugeLayout(width: number, height: number, lines: number): GaugeLayout {
  const top = 44;
  const side = 80; // the target label beside the ring
  const fixed = top + 56 + 20 + Math.max(0, lines - 1) * LINE_H;
  const radius = Math.max(60, Math.min((width - 2 * side) / 2, (height - fixed) / 1.66));
  const thickness = Math.max(18, Math.round(radius * 0.16));
  const cy = top + radius;
  return {
    cx: width / 2,
    cy,
    radius,
    thickness,
    valueFont: Math.round(Math.min(128, Math.max(64, radius * 0.46))),
    linesTop: cy + radius * 0.5 + thickness + 56,
  };
}

/**
 * Below this radius the unit and period under the value no longer clear the scale's end
 * labels inside the ring: the gauge drops the pace line, then sets its texts beside the ring.
 */
export const MIN_STACK_RADIUS = 140;

export interface GaugeSideLayout extends GaugeLayout {
  /** Left edge and width of the column of texts right of the ring. */
  textX: number;
  textWidth: number;
}

/**
 * The gauge of a wide, low box (a drill-down set's): the ring as tall as the box allows (room
 * above for the target's label, below for the scale's ends), on the left, and its texts in a
 * column on the right. `targetAt` (0..1) says on which side the target's label stands.
 */
export function gaugeSideLayout(width: number, height: number, targetAt: number): GaugeSideLayout {
  const top = 44;
  const bottom = 34;
  const labelRoom = 80;
  const radius = Math.max(40, Math.min((height - top - bottom) / 1.58, width * 0.3));
  const thickness = Math.max(14, Math.round(radius * 0.16));
  const leftRoom = arcAngle(targetAt) < -0.2 ? labelRoom : 12;
  const rightRoom = arcAngle(targetAt) > 0.2 ? labelRoom : 24;
  const cx = leftRoom + radius;
  const textX = cx + radius + rightRoom;
  return {
    cx,
    cy: top + radius,
    radius,
    thickness,
    valueFont: Math.round(Math.min(128, Math.max(48, radius * 0.5))),
    linesTop: top,
    textX,
    textWidth: Math.max(0, width - textX),
  };
}
