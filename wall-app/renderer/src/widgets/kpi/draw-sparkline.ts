import { area, extent, line, scaleLinear } from 'd3';
import type { Point } from '@ioc/protocol';
import type { Theme } from '../../theme';
import type { SvgSelection } from '../use-d3';

/** A small line of the recent points, with the last one marked. Full redraw (few points). */
export function drawSparkline(svg: SvgSelection, points: readonly Point[], width: number, height: number, theme: Theme): void {
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.selectAll('*').remove();
  if (points.length < 2) return;
  const pad = 7;
  const [lo = 0, hi = 1] = extent(points, (p) => p.value);
  const x = scaleLinear().domain([0, points.length - 1]).range([pad, width - pad]);
  const y = scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([height - pad, pad]);
  const fill = area<Point>()
    .x((_, i) => x(i))
    .y0(height)
    .y1((p) => y(p.value));
  const stroke = line<Point>()
    .x((_, i) => x(i))
    .y((p) => y(p.value));
  svg.append('path').attr('d', fill([...points])).attr('fill', theme.accentFill);
  svg.append('path').attr('d', stroke([...points])).attr('fill', 'none').attr('stroke', theme.accent).attr('stroke-width', 3).attr('stroke-linejoin', 'round');
  const last = points[points.length - 1] as Point;
  svg.append('circle').attr('cx', x(points.length - 1)).attr('cy', y(last.value)).attr('r', 5).attr('fill', theme.text);
}
