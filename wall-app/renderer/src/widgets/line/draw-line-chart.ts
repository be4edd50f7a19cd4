import type { Language, Point } from '@ioc/protocol';
import { area, extent, line, scaleLinear, tickStep } from 'd3';
import { formatNumber, formatPeriodShort } from '../../format/format';
import type { Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';

export interface LineChartInput {
  points: readonly Point[];
  width: number;
  height: number;
  lang: Language;
  decimals: number;
  theme: Theme;
  /** Unique per panel, for the gradient id. */
  id: string;
}

const M = { top: 28, right: 190, bottom: 52, left: 110 };
const TICK_FONT = 21;

/** Which point indexes get an x label: every `step`-th counted back from the last one. */
export function xLabelIndexes(count: number, maxLabels: number): number[] {
  if (count === 0) return [];
  const steps = [1, 2, 3, 4, 6, 12, 24, 36, 60, 120];
  const step = steps.find((s) => Math.ceil(count / s) <= maxLabels) ?? Math.ceil(count / maxLabels);
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) out.unshift(i);
  return out;
}

/** Full redraw of the line chart: axes, period labels, the line and its last value labelled. */
export function drawLineChart(svg: SvgSelection, input: LineChartInput): void {
  const { points, width, height, lang, decimals, theme } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  if (points.length === 0) return;
  const data = [...points];
  const [lo = 0, hi = 1] = extent(data, (p) => p.value);
  const span = hi - lo || Math.abs(hi) || 1;
  const y = scaleLinear()
    .domain([lo - span * 0.12, hi + span * 0.12])
    .range([height - M.bottom, M.top])
    .nice(6);
  const x = scaleLinear()
    .domain([0, Math.max(1, data.length - 1)])
    .range([M.left, width - M.right]);

  // Horizontal grid and value labels.
  const yTicks = y.ticks(6);
  const [d0 = 0, d1 = 1] = y.domain();
  const step = tickStep(d0, d1, 6);
  const tickDecimals = Math.min(Math.max(decimals, 0), Math.max(0, -Math.floor(Math.log10(step))));
  const grid = svg.append('g');
  for (const v of yTicks) {
    grid.append('line').attr('x1', M.left).attr('x2', width - M.right).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', theme.grid).attr('stroke-width', 1.5);
    grid
      .append('text')
      .attr('x', M.left - 16)
      .attr('y', y(v))
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.muted)
      .attr('font-size', TICK_FONT)
      .text(formatNumber(v, lang, tickDecimals));
  }

  // Period labels under the axis.
  const axisY = height - M.bottom;
  const xAxis = svg.append('g');
  xAxis.append('line').attr('x1', M.left).attr('x2', width - M.right).attr('y1', axisY).attr('y2', axisY).attr('stroke', theme.axis).attr('stroke-width', 2);
  const maxLabels = Math.max(2, Math.floor((width - M.left - M.right) / 150));
  for (const i of xLabelIndexes(data.length, maxLabels)) {
    const p = data[i] as Point;
    xAxis.append('line').attr('x1', x(i)).attr('x2', x(i)).attr('y1', axisY).attr('y2', axisY + 8).attr('stroke', theme.axis).attr('stroke-width', 2);
    xAxis
      .append('text')
      .attr('x', x(i))
      .attr('y', axisY + 34)
      .attr('text-anchor', 'middle')
      .attr('fill', theme.muted)
      .attr('font-size', TICK_FONT)
      .text(formatPeriodShort(p.period, lang));
  }

  // Area and line.
  const gradId = `line-grad-${input.id}`;
  const grad = svg.append('defs').append('linearGradient').attr('id', gradId).attr('x1', 0).attr('x2', 0).attr('y1', 0).attr('y2', 1);
  grad.append('stop').attr('offset', '0%').attr('stop-color', theme.accent).attr('stop-opacity', 0.32);
  grad.append('stop').attr('offset', '100%').attr('stop-color', theme.accent).attr('stop-opacity', 0.02);
  const base = y(Math.max(y.domain()[0] ?? 0, Math.min(0, y.domain()[1] ?? 0)));
  svg
    .append('path')
    .attr('d', area<Point>().x((_, i) => x(i)).y0(base).y1((p) => y(p.value))(data))
    .attr('fill', `url(#${gradId})`);
  svg
    .append('path')
    .attr('d', line<Point>().x((_, i) => x(i)).y((p) => y(p.value))(data))
    .attr('fill', 'none')
    .attr('stroke', theme.accent)
    .attr('stroke-width', 4)
    .attr('stroke-linejoin', 'round');

  // The last value, labelled.
  const lastIndex = data.length - 1;
  const last = data[lastIndex] as Point;
  const lx = x(lastIndex);
  const ly = y(last.value);
  svg.append('circle').attr('cx', lx).attr('cy', ly).attr('r', 10).attr('fill', theme.accent).attr('stroke', theme.background).attr('stroke-width', 4);
  const label = svg.append('g').attr('transform', `translate(${lx + 20},${Math.min(Math.max(ly, M.top + 22), height - M.bottom - 22)})`);
  const text = formatNumber(last.value, lang, decimals);
  const boxW = Math.max(80, text.length * 19 + 28);
  label.append('rect').attr('x', 0).attr('y', -25).attr('width', boxW).attr('height', 50).attr('rx', 10).attr('fill', theme.accent);
  label
    .append('text')
    .attr('class', 'line-last-value')
    .attr('x', boxW / 2)
    .attr('dy', '0.36em')
    .attr('text-anchor', 'middle')
    .attr('fill', theme.background)
    .attr('font-size', 32)
    .attr('font-weight', 700)
    .text(text);
}
