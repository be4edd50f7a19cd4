import type { Language, Point } from '@ioc/protocol';
import { area, line, scaleLinear, type Selection } from 'd3';
import { formatNumber, formatPeriodShort, tickDecimals } from '../../format/format';
import type { Theme } from '../../theme';
import { fitText } from '../sparklines/fit-text';
import type { SvgSelection } from '../use-d3';
import { cellAt, gridShape } from './multiples-model';

export interface MultipleCell {
  code: string;
  /** Short unit name (`TP. Hồ Chí Minh`). */
  name: string;
  /** Latest value formatted, or null (no data yet: `noData` shown). */
  value: string | null;
  /** After the value: the unit, and the period where it is not the panel's latest. */
  meta: string;
  points: readonly Point[];
}

export interface MultiplesInput {
  cells: readonly MultipleCell[];
  domain: [number, number];
  /** The shared x axis: every period shown, in order. */
  periods: readonly string[];
  width: number;
  height: number;
  lang: Language;
  decimals: number;
  theme: Theme;
  noData: string;
}

const GAP_X = 32;
const GAP_Y = 22;
/** Left of the grid: the common scale's labels. */
const AXIS_W = 64;
const TITLE_H = 44;
const XLABEL_H = 30;
const TICK_FONT = 21;

/** Full redraw of the grid of small line charts, all on the same y scale. */
export function drawMultiples(svg: SvgSelection, input: MultiplesInput): void {
  const { cells, width, height, theme, lang, domain, periods } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  if (cells.length === 0) return;
  const gridW = width - AXIS_W;
  const shape = gridShape(cells.length, gridW, height);
  const index = new Map(periods.map((p, i) => [p, i]));
  const ticks = scaleLinear().domain(domain).ticks(4);
  const step = ticks.length > 1 ? Math.abs((ticks[1] as number) - (ticks[0] as number)) : 1;
  const yDecimals = tickDecimals(step, input.decimals);

  cells.forEach((cell, i) => {
    const c = cellAt(i, shape, gridW, height, GAP_X, GAP_Y);
    const cw = c.width;
    const cx = AXIS_W + c.x;
    const g = svg.append('g').attr('class', 'multiple').attr('data-unit', cell.code).attr('transform', `translate(${cx},${c.y})`);
    const plotTop = TITLE_H + 8;
    const plotBottom = c.height - XLABEL_H;
    const x = scaleLinear().domain([0, Math.max(1, periods.length - 1)]).range([10, cw - 10]);
    const y = scaleLinear().domain(domain).range([plotBottom, plotTop]);

    // Title: value (and unit) on the right, the name in what is left.
    const valueText = g.append('text').attr('class', 'multiple-value').attr('x', cw).attr('y', TITLE_H / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
    if (cell.value !== null) {
      valueText.append('tspan').attr('fill', theme.accent).attr('font-size', 30).attr('font-weight', 700).text(cell.value);
      if (cell.meta) valueText.append('tspan').attr('dx', 8).attr('fill', theme.muted).attr('font-size', 24).text(cell.meta);
    } else {
      valueText.append('tspan').attr('fill', theme.muted).attr('font-size', 24).text(input.noData);
    }
    const valueW = (valueText.node() as SVGTextElement).getComputedTextLength();
    fitText(
      g.append('text').attr('class', 'multiple-name').attr('x', 0).attr('y', TITLE_H / 2).attr('dy', '0.35em').attr('fill', theme.text).attr('font-size', 26).attr('font-weight', 600).text(cell.name),
      cw - valueW - 16,
    );

    // Grid of the common scale; its labels left of the first column only.
    for (const v of ticks) {
      g.append('line').attr('x1', 0).attr('x2', cw).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', theme.grid).attr('stroke-width', 1.5);
      if (c.col === 0) {
        g.append('text')
          .attr('x', -12)
          .attr('y', y(v))
          .attr('dy', '0.35em')
          .attr('text-anchor', 'end')
          .attr('fill', theme.muted)
          .attr('font-size', TICK_FONT)
          .text(formatNumber(v, lang, yDecimals));
      }
    }
    g.append('line').attr('x1', 0).attr('x2', cw).attr('y1', plotBottom).attr('y2', plotBottom).attr('stroke', theme.axis).attr('stroke-width', 2);

    // First and last period under every chart.
    if (periods.length > 0) {
      const first = periods[0] as string;
      const last = periods[periods.length - 1] as string;
      const label = (p: string, at: number, anchor: string) =>
        g.append('text').attr('x', at).attr('y', plotBottom + 22).attr('text-anchor', anchor).attr('fill', theme.muted).attr('font-size', TICK_FONT).text(formatPeriodShort(p, lang));
      label(first, 0, 'start');
      if (last !== first) label(last, cw, 'end');
    }

    drawSeries(g, cell.points, index, x, y, plotBottom, theme);
  });
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function drawSeries(g: G, points: readonly Point[], index: Map<string, number>, x: (i: number) => number, y: (v: number) => number, base: number, theme: Theme): void {
  const placed = points.filter((p) => index.has(p.period)).map((p) => ({ i: index.get(p.period) as number, v: p.value }));
  if (placed.length === 0) return;
  if (placed.length > 1) {
    g.append('path')
      .attr('d', area<{ i: number; v: number }>().x((p) => x(p.i)).y0(base).y1((p) => y(p.v))(placed))
      .attr('fill', theme.accentFill);
    g.append('path')
      .attr('class', 'multiple-line')
      .attr('d', line<{ i: number; v: number }>().x((p) => x(p.i)).y((p) => y(p.v))(placed))
      .attr('fill', 'none')
      .attr('stroke', theme.accent)
      .attr('stroke-width', 3.5)
      .attr('stroke-linejoin', 'round');
  }
  const last = placed[placed.length - 1] as { i: number; v: number };
  g.append('circle').attr('cx', x(last.i)).attr('cy', y(last.v)).attr('r', 7).attr('fill', theme.accent).attr('stroke', theme.background).attr('stroke-width', 3);
}
