import type { Point } from '@ioc/protocol';
import { extent, line, scaleLinear, type Selection } from 'd3';
import { toneColor, type Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';
import { fitText } from './fit-text';
import { fitRows, GAP, rowColumns } from './sparklines-model';

/** One indicator's row, its texts already formatted in the wall's language. */
export interface SparkRow {
  id: string;
  name: string;
  /** Latest value, or null with `noData` shown instead. */
  value: string | null;
  /** `% · Tháng 10/2026`. */
  meta: string;
  change: { text: string; tone: 'good' | 'bad' | 'neutral'; direction: string } | null;
  /** `so với T9/2026`, or why there is no change. */
  versus: string;
  points: readonly Point[];
}

export interface SparklinesInput {
  rows: readonly SparkRow[];
  width: number;
  height: number;
  theme: Theme;
  /** `+{{count}} ...` already filled, given the hidden count. */
  moreText: (hidden: number) => string;
}

/** Full redraw: as many rows as fit (never below the minimum text sizes), then a "+N" note. */
export function drawSparklines(svg: SvgSelection, input: SparklinesInput): void {
  const { rows, width, height, theme } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  const fit = fitRows(rows.length, height);
  const cols = rowColumns(width);
  rows.slice(0, fit.shown).forEach((row, i) => {
    const top = i * fit.rowH;
    const g = svg.append('g').attr('class', 'spark-row').attr('data-indicator', row.id).attr('transform', `translate(0,${top})`);
    if (i > 0) g.append('line').attr('x1', 0).attr('x2', width).attr('y1', 0).attr('y2', 0).attr('stroke', theme.grid).attr('stroke-width', 2);
    const y1 = fit.rowH * 0.3;
    const y2 = fit.rowH * 0.68;
    const cx = cols.textRight;
    // Right-aligned first (change, compared period), so the name and the value line get what is left.
    let changeW = 0;
    if (row.change) {
      const change = g
        .append('text')
        .attr('class', 'spark-change')
        .attr('data-direction', row.change.direction)
        .attr('x', cx)
        .attr('y', y1)
        .attr('dy', '0.35em')
        .attr('text-anchor', 'end')
        .attr('fill', toneColor(theme, row.change.tone))
        .attr('font-size', 30)
        .attr('font-weight', 700)
        .text(row.change.text);
      changeW = (change.node() as SVGTextElement).getComputedTextLength();
    }
    const versus = g.append('text').attr('class', 'spark-versus').attr('x', cx).attr('y', y2).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', theme.muted).attr('font-size', 24).text(row.versus);
    fitText(versus, cx / 2);
    const versusW = (versus.node() as SVGTextElement).getComputedTextLength();
    fitText(
      g.append('text').attr('class', 'spark-name').attr('x', 0).attr('y', y1).attr('dy', '0.35em').attr('fill', theme.text).attr('font-size', 26).attr('font-weight', 600).text(row.name),
      cx - (changeW > 0 ? changeW + GAP : 0),
    );
    const line2 = g.append('text').attr('class', 'spark-value-line').attr('x', 0).attr('y', y2).attr('dy', '0.35em');
    if (row.value !== null) {
      line2.append('tspan').attr('class', 'spark-value').attr('fill', theme.text).attr('font-size', 36).attr('font-weight', 700).text(row.value);
      line2.append('tspan').attr('dx', 12).attr('fill', theme.muted).attr('font-size', 24).text(row.meta);
    } else {
      line2.append('tspan').attr('fill', theme.muted).attr('font-size', 24).text(row.meta);
    }
    fitLine(line2, cx - (versusW > 0 ? versusW + GAP : 0));

    drawSpark(g, row.points, cols.sparkX, 14, cols.sparkW, fit.rowH - 28, theme);
  });
  if (fit.hidden > 0) {
    svg
      .append('text')
      .attr('class', 'spark-more')
      .attr('x', 0)
      .attr('y', fit.shown * fit.rowH + 24)
      .attr('dy', '0.35em')
      .attr('fill', theme.muted)
      .attr('font-size', 24)
      .text(input.moreText(fit.hidden));
  }
}

/** A line of tspans that does not fit: its last tspan is shortened (the value itself never is). */
function fitLine(text: Selection<SVGTextElement, unknown, null, undefined>, maxWidth: number): void {
  const node = text.node();
  if (!node || node.getComputedTextLength() <= maxWidth) return;
  const spans = node.querySelectorAll('tspan');
  const last = spans[spans.length - 1];
  if (!last || spans.length < 2) return;
  const full = last.textContent ?? '';
  for (let n = full.length - 1; n > 0; n--) {
    last.textContent = `${full.slice(0, n).trimEnd()}…`;
    if (node.getComputedTextLength() <= maxWidth) return;
  }
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function drawSpark(g: G, points: readonly Point[], x0: number, y0: number, w: number, h: number, theme: Theme): void {
  if (points.length < 2) return;
  const [lo = 0, hi = 1] = extent(points, (p) => p.value);
  const x = scaleLinear().domain([0, points.length - 1]).range([x0 + 6, x0 + w - 10]);
  const y = scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([y0 + h - 6, y0 + 6]);
  g.append('path')
    .attr('class', 'spark-line')
    .attr('d', line<Point>().x((_, i) => x(i)).y((p) => y(p.value))([...points]))
    .attr('fill', 'none')
    .attr('stroke', theme.accent)
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round');
  const last = points[points.length - 1] as Point;
  g.append('circle').attr('cx', x(points.length - 1)).attr('cy', y(last.value)).attr('r', 6).attr('fill', theme.text);
}
