import type { Language, Point } from '@ioc/protocol';
import { area, line, scaleLinear, type Selection } from 'd3';
import { formatNumber, formatPeriodShort, tickDecimals } from '../../format/format';
import type { Theme } from '../../theme';
import { fitText } from '../sparklines/fit-text';
import type { SvgSelection } from '../use-d3';
import { cellAt, multiplesLayout, scaleTicks } from './multiples-model';

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
  /** The note for units left out for want of room ("+2 ..."), given their count. */
  more: (n: number) => string;
}

const GAP_X = 32;
const GAP_Y = 22;
const NAME_FONT = 26;
const VALUE_FONT = 30;
/** One title row (name and value side by side, or each on its own row). */
const ROW_H = 38;
const XLABEL_H = 30;
const TICK_FONT = 21;
const NOTE_H = 34;

/**
 * Full redraw of the grid of small line charts, all on the same y scale. Nothing overprints:
 * a panel too small for its units drops units (with a "+N" note), then scale labels, then the
 * first period label, and sets a unit's value under its name when both do not fit one row.
 */
export function drawMultiples(svg: SvgSelection, input: MultiplesInput): void {
  const { cells, width, height, theme, lang, domain, periods } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  if (cells.length === 0) return;
  // Left of the grid: the common scale's labels, as wide as the widest of them.
  const allTicks = scaleLinear().domain(domain).ticks(5);
  const step = allTicks.length > 1 ? Math.abs((allTicks[1] as number) - (allTicks[0] as number)) : 1;
  const yDecimals = tickDecimals(step, input.decimals);
  const tickText = (v: number) => formatNumber(v, lang, yDecimals);
  const probe = svg.append('text').attr('font-size', TICK_FONT);
  const axisW = Math.ceil(Math.max(...[...allTicks, ...domain].map((v) => textWidth(probe, tickText(v))))) + 14;
  probe.remove();
  const gridW = width - axisW;
  const layout = multiplesLayout(cells.length, gridW, height, GAP_X, GAP_Y, NOTE_H);
  const index = new Map(periods.map((p, i) => [p, i]));

  cells.slice(0, layout.shown).forEach((cell, i) => {
    const c = cellAt(i, layout, gridW, height - (layout.more ? NOTE_H : 0), GAP_X, GAP_Y);
    const cw = c.width;
    const g = svg.append('g').attr('class', 'multiple').attr('data-unit', cell.code).attr('transform', `translate(${axisW + c.x},${c.y})`);

    // Title: the name on the left, the value on the right; the value goes under the name when
    // both do not fit one row, and the name is shortened (full name in its <title>) only when
    // it alone is wider than the cell.
    const valueText = g.append('text').attr('class', 'multiple-value').attr('dy', '0.35em');
    if (cell.value !== null) {
      valueText.append('tspan').attr('fill', theme.accent).attr('font-size', VALUE_FONT).attr('font-weight', 700).text(cell.value);
      if (cell.meta) valueText.append('tspan').attr('dx', 8).attr('fill', theme.muted).attr('font-size', 24).text(cell.meta);
    } else {
      valueText.append('tspan').attr('fill', theme.muted).attr('font-size', 24).text(input.noData);
    }
    const valueW = (valueText.node() as SVGTextElement).getComputedTextLength();
    const name = g.append('text').attr('class', 'multiple-name').attr('x', 0).attr('y', ROW_H / 2).attr('dy', '0.35em').attr('fill', theme.text).attr('font-size', NAME_FONT).attr('font-weight', 600).text(cell.name);
    const oneRow = (name.node() as SVGTextElement).getComputedTextLength() + 16 + valueW <= cw;
    if (oneRow) valueText.attr('x', cw).attr('y', ROW_H / 2).attr('text-anchor', 'end');
    else {
      valueText.attr('x', 0).attr('y', ROW_H * 1.5).attr('text-anchor', 'start');
      fitText(name, cw);
      if (valueW > cw) fitText(valueText as unknown as Parameters<typeof fitText>[0], cw);
    }
    const plotTop = (oneRow ? ROW_H : 2 * ROW_H) + 8;
    const plotBottom = c.height - XLABEL_H;
    const x = scaleLinear().domain([0, Math.max(1, periods.length - 1)]).range([10, cw - 10]);
    const y = scaleLinear().domain(domain).range([plotBottom, plotTop]);

    // Grid of the common scale; its labels left of the first column only, as many as fit.
    const ticks = scaleTicks(domain, plotBottom - plotTop, TICK_FONT);
    for (const v of ticks) {
      g.append('line').attr('x1', 0).attr('x2', cw).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', theme.grid).attr('stroke-width', 1.5);
      if (c.col === 0) g.append('text').attr('x', -12).attr('y', y(v)).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', theme.muted).attr('font-size', TICK_FONT).text(tickText(v));
    }
    g.append('line').attr('x1', 0).attr('x2', cw).attr('y1', plotBottom).attr('y2', plotBottom).attr('stroke', theme.axis).attr('stroke-width', 2);

    // Last period under every chart, and the first too where both fit apart.
    if (periods.length > 0) {
      const first = periods[0] as string;
      const last = periods[periods.length - 1] as string;
      const label = (p: string, at: number, anchor: string) =>
        g.append('text').attr('x', at).attr('y', plotBottom + 22).attr('text-anchor', anchor).attr('fill', theme.muted).attr('font-size', TICK_FONT).text(formatPeriodShort(p, lang));
      const lastLabel = label(last, cw, 'end');
      if (last !== first) {
        const firstLabel = label(first, 0, 'start');
        const room = cw - (lastLabel.node() as SVGTextElement).getComputedTextLength() - 16;
        if ((firstLabel.node() as SVGTextElement).getComputedTextLength() > room) firstLabel.remove();
      }
    }

    drawSeries(g, cell.points, index, x, y, plotBottom, theme);
  });

  if (layout.more > 0) {
    svg.append('text').attr('class', 'multiples-more').attr('x', axisW).attr('y', height - NOTE_H / 2).attr('dy', '0.35em').attr('fill', theme.muted).attr('font-size', 24).text(input.more(layout.more));
  }
}

function textWidth(probe: Selection<SVGTextElement, unknown, null, undefined>, text: string): number {
  return (probe.text(text).node() as SVGTextElement).getComputedTextLength();
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
