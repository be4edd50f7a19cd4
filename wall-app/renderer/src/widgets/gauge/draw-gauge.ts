import { arc, type Selection } from 'd3';
import type { Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';
import { fitText } from '../sparklines/fit-text';
import { ARC_END, ARC_START, arcAngle, gaugeLayout, gaugeSideLayout, LINE_H, MIN_STACK_RADIUS, type GaugeLayout, type GaugeModel, type GaugeTone } from './gauge-model';

export interface GaugeDrawInput {
  model: GaugeModel;
  width: number;
  height: number;
  theme: Theme;
  /** Formatted figures and texts, in the wall's language. */
  text: {
    value: string;
    unit: string;
    period: string;
    min: string;
    max: string;
    target: string;
    /** Lines under the arc: the plan, the pace (when judged by it), the status. */
    lines: GaugeLine[];
  };
}

/** A line under the arc: the plan, the pace (dropped first when room is short), the status. */
export interface GaugeLine {
  text: string;
  role: 'plan' | 'pace' | 'status';
  tone?: GaugeTone;
  strong?: boolean;
}

export function toneFill(theme: Theme, tone: GaugeTone): string {
  return tone === 'good' ? theme.good : tone === 'warn' ? theme.warn : tone === 'bad' ? theme.bad : theme.accent;
}

/**
 * Full redraw of the gauge. Where the box is too low for the unit and period inside the ring,
 * the pace line goes first; a wide, low box then gets its texts in a column beside the ring,
 * each line kept only where it fits (the status last to go), so nothing overprints.
 */
export function drawGauge(svg: SvgSelection, input: GaugeDrawInput): void {
  const { width, height, text } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  let lines = text.lines;
  let L = gaugeLayout(width, height, lines.length);
  if (L.radius < MIN_STACK_RADIUS) {
    lines = lines.filter((l) => l.role !== 'pace');
    L = gaugeLayout(width, height, lines.length);
  }
  if (L.radius < MIN_STACK_RADIUS && width >= height * 1.4) drawSide(svg, input);
  else drawStack(svg, input, L, lines);
}

type G = Selection<SVGGElement, unknown, null, undefined>;

/** Track, value arc, pace and target ticks, the target's label and the scale's ends. */
function drawRing(g: G, input: GaugeDrawInput, L: GaugeLayout): void {
  const { model, theme, text } = input;
  const { radius: r, thickness: th } = L;
  const ring = arc<{ start: number; end: number }>()
    .innerRadius(r - th)
    .outerRadius(r)
    .startAngle((d) => d.start)
    .endAngle((d) => d.end)
    .cornerRadius(th / 2);
  g.append('path').attr('class', 'gauge-track').attr('d', ring({ start: ARC_START, end: ARC_END })).attr('fill', theme.grid);
  if (model.valueAt > 0) {
    g.append('path')
      .attr('class', 'gauge-value-arc')
      .attr('data-tone', model.tone)
      .attr('d', ring({ start: ARC_START, end: arcAngle(model.valueAt) }))
      .attr('fill', toneFill(theme, model.tone));
  }

  const polar = (angle: number, radius: number): [number, number] => [Math.sin(angle) * radius, -Math.cos(angle) * radius];
  // Pace tick: thin, muted, inside the ring.
  if (model.paceAt !== null) {
    const a = arcAngle(model.paceAt);
    const [x1, y1] = polar(a, r - th - 6);
    const [x2, y2] = polar(a, r + 6);
    g.append('line').attr('class', 'gauge-pace').attr('x1', x1).attr('y1', y1).attr('x2', x2).attr('y2', y2).attr('stroke', theme.muted).attr('stroke-width', 4).attr('stroke-dasharray', '5 4');
  }
  // Target tick across the ring, labelled outside it.
  {
    const a = arcAngle(model.targetAt);
    const [x1, y1] = polar(a, r - th - 10);
    const [x2, y2] = polar(a, r + 12);
    g.append('line').attr('class', 'gauge-target').attr('x1', x1).attr('y1', y1).attr('x2', x2).attr('y2', y2).attr('stroke', theme.text).attr('stroke-width', 6).attr('stroke-linecap', 'round');
    const [lx, ly] = polar(a, r + 30);
    g.append('text')
      .attr('class', 'gauge-target-label')
      .attr('x', lx)
      .attr('y', ly)
      .attr('dy', '0.35em')
      .attr('text-anchor', Math.abs(lx) < 20 ? 'middle' : lx > 0 ? 'start' : 'end')
      .attr('fill', theme.text)
      .attr('font-size', 24)
      .attr('font-weight', 700)
      .text(text.target);
  }
  // Scale ends under the arc's ends.
  for (const [angle, label] of [
    [ARC_START, text.min],
    [ARC_END, text.max],
  ] as const) {
    const [x, y] = polar(angle, r - th / 2);
    g.append('text').attr('x', x).attr('y', y + th / 2 + 26).attr('text-anchor', 'middle').attr('fill', theme.muted).attr('font-size', 21).text(label);
  }
}

/** The value in the ring, no wider than the ring's inside (never below the headline size). */
function drawValue(g: G, input: GaugeDrawInput, L: GaugeLayout, y: number): void {
  const value = g.append('text').attr('class', 'gauge-value').attr('y', y).attr('dy', '0.35em').attr('text-anchor', 'middle').attr('fill', input.theme.text).attr('font-weight', 700).text(input.text.value);
  const room = 2 * (L.radius - L.thickness) * 0.9;
  let font = L.valueFont;
  value.attr('font-size', font);
  const w = (value.node() as SVGTextElement).getComputedTextLength();
  if (w > room) font = Math.max(48, Math.floor((font * room) / w));
  value.attr('font-size', font);
}

function drawStack(svg: SvgSelection, input: GaugeDrawInput, L: GaugeLayout, lines: readonly GaugeLine[]): void {
  const { theme, text } = input;
  const { cx, cy, radius: r } = L;
  const g = svg.append('g').attr('transform', `translate(${cx},${cy})`);
  drawRing(g, input, L);

  // The value, its unit and period in the middle.
  const vy = -r * 0.08;
  drawValue(g, input, L, vy);
  const uy = vy + L.valueFont * 0.5 + 22;
  if (text.unit) g.append('text').attr('class', 'gauge-unit').attr('y', uy).attr('dy', '0.35em').attr('text-anchor', 'middle').attr('fill', theme.text).attr('font-size', 26).text(text.unit);
  g.append('text')
    .attr('class', 'gauge-period')
    .attr('y', uy + (text.unit ? 34 : 0))
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('fill', theme.muted)
    .attr('font-size', 24)
    .text(text.period);

  // Lines under the arc.
  lines.forEach((line, i) => {
    svg
      .append('text')
      .attr('class', 'gauge-line')
      .attr('x', cx)
      .attr('y', L.linesTop + i * LINE_H)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'middle')
      .attr('fill', line.tone ? toneFill(theme, line.tone) : theme.text)
      .attr('font-size', line.strong ? 28 : 25)
      .attr('font-weight', line.strong ? 700 : 400)
      .text(line.text);
  });
}

/** Ring on the left with the value in it; unit, period, plan and status in a column right of it. */
function drawSide(svg: SvgSelection, input: GaugeDrawInput): void {
  const { model, theme, text, height } = input;
  const L = gaugeSideLayout(input.width, height, model.targetAt);
  const g = svg.append('g').attr('transform', `translate(${L.cx},${L.cy})`);
  drawRing(g, input, L);
  drawValue(g, input, L, 0);

  const column: Array<{ text: string; size: number; weight: number; fill: string; cls: string; keep?: boolean }> = [];
  if (text.unit) column.push({ text: text.unit, size: 26, weight: 400, fill: theme.text, cls: 'gauge-unit' });
  column.push({ text: text.period, size: 24, weight: 400, fill: theme.muted, cls: 'gauge-period' });
  for (const line of input.text.lines) {
    if (line.role === 'pace') continue;
    column.push({ text: line.text, size: line.strong ? 28 : 25, weight: line.strong ? 700 : 400, fill: line.tone ? toneFill(theme, line.tone) : theme.text, cls: 'gauge-line', keep: line.role === 'status' });
  }
  // As many lines as the box is tall, the status kept first; then each one that fits across.
  const maxLines = Math.max(1, Math.floor((height - 16) / LINE_H));
  while (column.length > maxLines) {
    const i = column.findIndex((c) => !c.keep && c.cls === 'gauge-line');
    column.splice(i >= 0 ? i : 0, 1);
  }
  const top = Math.max(8, L.cy - (column.length * LINE_H) / 2);
  let row = 0;
  for (const c of column) {
    const t = svg
      .append('text')
      .attr('class', c.cls)
      .attr('x', L.textX)
      .attr('y', top + row * LINE_H + LINE_H / 2)
      .attr('dy', '0.35em')
      .attr('fill', c.fill)
      .attr('font-size', c.size)
      .attr('font-weight', c.weight)
      .text(c.text);
    if ((t.node() as SVGTextElement).getComputedTextLength() > L.textWidth) {
      if (c.keep) fitText(t, L.textWidth);
      else {
        t.remove();
        continue;
      }
    }
    row++;
  }
}
