import type { Language } from '@ioc/protocol';
import { scaleLinear } from 'd3';
import { formatNumber } from '../../format/format';
import type { Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';
import type { RankRow } from './ranking-model';

export interface RankingInput {
  rows: readonly RankRow[];
  /** Rows the panel is sized for (its `top`), so a short list does not stretch. */
  slots: number;
  width: number;
  height: number;
  lang: Language;
  decimals: number;
  theme: Theme;
  /** The wall's drill-down province: its row is outlined and its bar in the accent colour. */
  focus?: string | null;
}

const RANK_W = 46;
const NAME_X = 62;
const NAME_W = 280;
const VALUE_W = 150;
const FONT = 25;

/** Horizontal bars: rank, province name, bar from zero, value. Full redraw on change. */
export function drawRanking(svg: SvgSelection, input: RankingInput): void {
  const { rows, width, height, lang, decimals, theme } = input;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  if (rows.length === 0) return;
  const rowH = Math.min(78, Math.floor(height / Math.max(input.slots, rows.length)));
  const barH = Math.round(rowH * 0.6);
  const barStart = NAME_X + NAME_W + 16;
  const barEnd = width - VALUE_W - 12;
  const values = rows.map((r) => r.value);
  const x = scaleLinear()
    .domain([Math.min(0, ...values), Math.max(0, ...values)])
    .range([barStart, barEnd]);
  const zero = x(0);

  rows.forEach((row, i) => {
    const g = svg.append('g').attr('transform', `translate(0,${i * rowH + rowH / 2})`);
    const focused = input.focus != null && row.unit === input.focus;
    if (focused) {
      g.append('rect').attr('class', 'ranking-focus').attr('x', 1).attr('y', -rowH / 2 + 1).attr('width', width - 2).attr('height', rowH - 2).attr('rx', 8).attr('fill', theme.accentFill).attr('stroke', theme.accent).attr('stroke-width', 2);
    } else if (i % 2 === 0) g.append('rect').attr('x', 0).attr('y', -rowH / 2).attr('width', width).attr('height', rowH).attr('fill', 'rgba(255,255,255,0.025)');
    g.append('text')
      .attr('x', RANK_W)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.muted)
      .attr('font-size', FONT)
      .attr('font-weight', 600)
      .text(String(row.rank));
    const name = g
      .append('text')
      .attr('x', NAME_X)
      .attr('dy', '0.35em')
      .attr('fill', theme.text)
      .attr('font-size', FONT)
      .attr('font-weight', 600)
      .text(row.name);
    fitText(name.node(), row.name, NAME_W);
    const x0 = Math.min(zero, x(row.value));
    g.append('rect')
      .attr('x', x0)
      .attr('y', -barH / 2)
      .attr('width', Math.max(3, Math.abs(x(row.value) - zero)))
      .attr('height', barH)
      .attr('rx', 6)
      .attr('fill', focused ? theme.accent : i < 3 ? theme.barLead : theme.bar)
      .attr('opacity', row.synthetic ? 0.9 : 1);
    g.append('text')
      .attr('class', 'ranking-value')
      .attr('x', width - 8)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.text)
      .attr('font-size', FONT + 3)
      .attr('font-weight', 700)
      .text(formatNumber(row.value, lang, decimals));
  });
  if (x.domain()[0]! < 0) {
    svg.append('line').attr('x1', zero).attr('x2', zero).attr('y1', 0).attr('y2', rows.length * rowH).attr('stroke', theme.axis).attr('stroke-width', 2);
  }
}

/** Shortens a name with an ellipsis until it fits (measured by the browser). */
function fitText(node: SVGTextElement | null, text: string, maxWidth: number): void {
  if (!node || typeof node.getComputedTextLength !== 'function') return;
  let s = text;
  while (s.length > 1 && node.getComputedTextLength() > maxWidth) {
    s = s.slice(0, -1);
    node.textContent = `${s.trimEnd()}…`;
  }
}
