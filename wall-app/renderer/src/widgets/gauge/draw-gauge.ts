import { arc } from 'd3';
import type { Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';
import { ARC_END, ARC_START, arcAngle, gaugeLayout, LINE_H, type GaugeModel, type GaugeTone } from './gauge-model';

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
    lines: Array<{ text: string; tone?: GaugeTone; strong?: boolean }>;
  };
}

export function toneFill(theme: Theme, tone: GaugeTone): string {
  return tone === 'good' ? theme.good : tone === 'warn' ? theme.warn : tone === 'bad' ? theme.bad : theme.accent;
}

/** Full redraw of the gauge: track, value arc, target and pace ticks, the value and its lines. */
export function drawGauge(svg: SvgSelection, input: GaugeDrawInput): void {
  const { model, width, height, theme, text } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  const L = gaugeLayout(width, height, text.lines.length);
  const { cx, cy, radius: r, thickness: th } = L;
  const g = svg.append('g').attr('transform', `translate(${cx},${cy})`);
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

  // The value, its unit and period in the middle.
  const vy = -r * 0.08;
  g.append('text')
    .attr('class', 'gauge-value')
    .attr('y', vy)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('fill', theme.text)
    .attr('font-size', L.valueFont)
    .attr('font-weight', 700)
    .text(text.value);
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
  text.lines.forEach((line, i) => {
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
