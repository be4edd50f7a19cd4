import type { Language, Point } from '@ioc/protocol';
import { area, line, scaleLinear, tickStep } from 'd3';
import { formatNumber, formatPeriodShort, tickDecimals, withEstimateMark } from '../../format/format';
import type { Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';
import { valueRange, type PlacedForecastPoint } from './line-model';
import { lineMessages } from './messages';

export interface LineChartInput {
  points: readonly Point[];
  width: number;
  height: number;
  lang: Language;
  decimals: number;
  theme: Theme;
  /** Unique per panel, for the gradient id. */
  id: string;
  /** The forecast after the last point (from `placeForecast`), with the legend's method text. */
  forecast?: { points: readonly PlacedForecastPoint[]; legend: string } | null;
  /** A note where the forecast was asked for but is not there (`Chưa có dự báo`). */
  forecastNote?: string | null;
  /** The plan target as a horizontal reference line, with its label (`Kế hoạch 2026: 4,5 %`). */
  target?: { value: number; label: string } | null;
}

const M = { top: 28, right: 190, bottom: 52, left: 110 };
const TICK_FONT = 21;
const LABEL_FONT = 24;
/** Rough advance of a character of Be Vietnam Pro, as a share of the font size (for layout). */
const CHAR_W = 0.56;

interface LegendItem {
  kind: 'line' | 'dash' | 'band80' | 'band95' | 'note';
  text: string;
}

/** Legend items laid out left to right, wrapping to a new row when the width runs out. */
function layoutLegend(items: readonly { text: string }[], width: number): Array<{ x: number; row: number }> {
  const swatch = 44;
  const gap = 28;
  const out: Array<{ x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = swatch + 10 + item.text.length * LABEL_FONT * CHAR_W;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    out.push({ x, row });
    x += w + gap;
  }
  return out;
}

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
  const fc = input.forecast?.points ?? [];
  const target = input.target ?? null;
  const m = lineMessages[lang].line;

  // Legend (forecast shown or asked for): above the plot.
  const legend: LegendItem[] = [];
  if (fc.length > 0 && input.forecast) {
    legend.push({ kind: 'line', text: m.actual }, { kind: 'dash', text: input.forecast.legend }, { kind: 'band80', text: m.band80 }, { kind: 'band95', text: m.band95 });
  } else if (input.forecastNote) {
    legend.push({ kind: 'note', text: input.forecastNote });
  }
  const legendPos = layoutLegend(legend, width - M.left);
  const legendRows = legend.length === 0 ? 0 : Math.max(...legendPos.map((p) => p.row)) + 1;
  const top = M.top + legendRows * 40;
  // With a forecast the last observed point is inside the plot: its label sits above it.
  const right = fc.length > 0 ? 72 : M.right;

  const [lo, hi] = valueRange(data, fc, target?.value ?? null) ?? [0, 1];
  const span = hi - lo || Math.abs(hi) || 1;
  const y = scaleLinear()
    .domain([lo - span * 0.12, hi + span * 0.12])
    .range([height - M.bottom, top])
    .nice(6);
  const lastIndex = data.length - 1;
  const maxIndex = Math.max(1, fc.length > 0 ? (fc[fc.length - 1] as PlacedForecastPoint).index : lastIndex);
  const x = scaleLinear().domain([0, maxIndex]).range([M.left, width - right]);
  const periodAt = new Map<number, string>(data.map((p, i) => [i, p.period]));
  for (const f of fc) periodAt.set(f.index, f.period);

  // Horizontal grid and value labels.
  const yTicks = y.ticks(6);
  const [d0 = 0, d1 = 1] = y.domain();
  const yStep = tickStep(d0, d1, 6);
  const yDecimals = tickDecimals(yStep, decimals);
  const grid = svg.append('g');
  for (const v of yTicks) {
    grid.append('line').attr('x1', M.left).attr('x2', width - right).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', theme.grid).attr('stroke-width', 1.5);
    grid
      .append('text')
      .attr('x', M.left - 16)
      .attr('y', y(v))
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.muted)
      .attr('font-size', TICK_FONT)
      .text(formatNumber(v, lang, yDecimals));
  }

  // Period labels under the axis.
  const axisY = height - M.bottom;
  const xAxis = svg.append('g');
  xAxis.append('line').attr('x1', M.left).attr('x2', width - right).attr('y1', axisY).attr('y2', axisY).attr('stroke', theme.axis).attr('stroke-width', 2);
  const maxLabels = Math.max(2, Math.floor((width - M.left - right) / 150));
  // Labels counted back from the last observed point, continued into the forecast.
  const labelled = xLabelIndexes(data.length, maxLabels);
  const step = labelled.length > 1 ? (labelled[1] as number) - (labelled[0] as number) : 1;
  for (let i = lastIndex + step; i <= maxIndex; i += step) if (periodAt.has(i)) labelled.push(i);
  for (const i of labelled) {
    const period = periodAt.get(i);
    if (period === undefined) continue;
    xAxis.append('line').attr('x1', x(i)).attr('x2', x(i)).attr('y1', axisY).attr('y2', axisY + 8).attr('stroke', theme.axis).attr('stroke-width', 2);
    xAxis
      .append('text')
      .attr('x', x(i))
      .attr('y', axisY + 34)
      .attr('text-anchor', 'middle')
      .attr('fill', theme.muted)
      .attr('font-size', TICK_FONT)
      .text(formatPeriodShort(period, lang));
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

  const last = data[lastIndex] as Point;
  const lx = x(lastIndex);
  const ly = y(last.value);

  // The forecast: 95% and 80% bands, then the dashed mean, all starting at the last observed point.
  if (fc.length > 0) {
    const start = { index: lastIndex, mean: last.value, lo80: last.value, hi80: last.value, lo95: last.value, hi95: last.value };
    const seq = [start, ...fc];
    const g = svg.append('g').attr('class', 'line-forecast');
    g.append('path')
      .attr('class', 'line-band-95')
      .attr('d', area<typeof start>().x((f) => x(f.index)).y0((f) => y(f.lo95)).y1((f) => y(f.hi95))(seq))
      .attr('fill', theme.accent)
      .attr('fill-opacity', 0.14);
    g.append('path')
      .attr('class', 'line-band-80')
      .attr('d', area<typeof start>().x((f) => x(f.index)).y0((f) => y(f.lo80)).y1((f) => y(f.hi80))(seq))
      .attr('fill', theme.accent)
      .attr('fill-opacity', 0.3);
    g.append('path')
      .attr('class', 'line-forecast-mean')
      .attr('d', line<typeof start>().x((f) => x(f.index)).y((f) => y(f.mean))(seq))
      .attr('fill', 'none')
      .attr('stroke', theme.accent)
      .attr('stroke-width', 4)
      .attr('stroke-dasharray', '12 9');
  }

  // The plan target: a reference line across the plot, labelled at its left end.
  if (target) {
    const ty = y(target.value);
    const g = svg.append('g').attr('class', 'line-target');
    g.append('line').attr('x1', M.left).attr('x2', width - right).attr('y1', ty).attr('y2', ty).attr('stroke', theme.warn).attr('stroke-width', 3).attr('stroke-dasharray', '4 6');
    const tw = target.label.length * LABEL_FONT * CHAR_W + 24;
    // Above the line, unless that leaves the plot.
    const above = ty - 46 >= top - 10;
    const by = above ? ty - 44 : ty + 8;
    g.append('rect').attr('x', M.left + 12).attr('y', by).attr('width', tw).attr('height', 36).attr('rx', 8).attr('fill', theme.panel).attr('fill-opacity', 0.85);
    g.append('text')
      .attr('class', 'line-target-label')
      .attr('x', M.left + 24)
      .attr('y', by + 18)
      .attr('dy', '0.35em')
      .attr('fill', theme.warn)
      .attr('font-size', LABEL_FONT)
      .attr('font-weight', 600)
      .text(target.label);
  }

  // Legend rows.
  if (legend.length > 0) {
    const g = svg.append('g').attr('class', 'line-legend');
    legend.forEach((item, k) => {
      const pos = legendPos[k] as { x: number; row: number };
      const ox = M.left + pos.x;
      const oy = 22 + pos.row * 40;
      if (item.kind === 'line' || item.kind === 'dash') {
        g.append('line').attr('x1', ox).attr('x2', ox + 44).attr('y1', oy).attr('y2', oy).attr('stroke', theme.accent).attr('stroke-width', 4).attr('stroke-dasharray', item.kind === 'dash' ? '12 9' : null);
      } else if (item.kind !== 'note') {
        g.append('rect').attr('x', ox).attr('y', oy - 12).attr('width', 44).attr('height', 24).attr('rx', 4).attr('fill', theme.accent).attr('fill-opacity', item.kind === 'band80' ? 0.44 : 0.14);
      }
      g.append('text')
        .attr('x', item.kind === 'note' ? ox : ox + 54)
        .attr('y', oy)
        .attr('dy', '0.35em')
        .attr('fill', item.kind === 'note' ? theme.muted : theme.text)
        .attr('font-size', LABEL_FONT)
        .text(item.text);
    });
  }

  // The last value, labelled.
  svg.append('circle').attr('cx', lx).attr('cy', ly).attr('r', 10).attr('fill', theme.accent).attr('stroke', theme.background).attr('stroke-width', 4);
  const text = withEstimateMark(formatNumber(last.value, lang, decimals), last.estimate, lang);
  const boxW = Math.max(80, text.length * 19 + 28);
  const label =
    fc.length > 0
      ? svg.append('g').attr('transform', `translate(${lx - boxW / 2},${ly - 30 - 25 >= top ? ly - 42 : ly + 42})`)
      : svg.append('g').attr('transform', `translate(${lx + 20},${Math.min(Math.max(ly, top + 22), height - M.bottom - 22)})`);
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
