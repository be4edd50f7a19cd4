import type { CalibrationPattern, DisplayGeometry, WallGeometry } from '@ioc/protocol';
import { useLang, useWall } from '../state/hooks';
import type { PageView } from '../tile/tile-geometry';
import { calibrationText } from './messages';
import { BAR_COLORS, barRects, diagonalPath, greySteps, gridPaths } from './pattern-geometry';
import { useFps } from './use-fps';

/**
 * Calibration mode: the wall's test pattern over everything a view shows. The SVG's viewBox is
 * the view's canvas rectangle, so every figure is drawn in canvas coordinates and continues
 * across the bezels; a display with another pixel pitch gets its viewport stretched to its
 * window like the panels. Each display's identity card sits at the centre of its viewport.
 */
export function CalibrationLayer({ view, geometry, pattern }: { view: PageView; geometry: WallGeometry; pattern: CalibrationPattern }) {
  const { viewport: v, window: box } = view;
  const fps = useFps();
  const clockError = useWall((s) => s.clockErrorMs);
  return (
    <svg
      className="calibration"
      data-testid="calibration"
      data-pattern={pattern}
      data-view-display={view.display ?? ''}
      width={box.width}
      height={box.height}
      viewBox={`${v.x} ${v.y} ${v.width} ${v.height}`}
      preserveAspectRatio="none"
      style={{ position: 'absolute', left: 0, top: 0 }}
    >
      <rect x={v.x} y={v.y} width={v.width} height={v.height} fill="#000" />
      {pattern === 'grid' && <GridPattern view={v} canvas={geometry.canvas} />}
      {pattern === 'bars' && <BarsPattern canvas={geometry.canvas} />}
      {pattern === 'ramp' && <RampPattern canvas={geometry.canvas} />}
      {geometry.displays.map((d) => (
        <IdentityCard key={d.id} display={d} large={pattern === 'identity'} fps={fps} clockError={clockError} />
      ))}
    </svg>
  );
}

function GridPattern({ view, canvas }: { view: PageView['viewport']; canvas: WallGeometry['canvas'] }) {
  const { minor, major } = gridPaths(view);
  const { width: w, height: h } = canvas;
  return (
    <g fill="none" data-testid="calibration-grid">
      <path d={minor} stroke="#9a9a9a" strokeWidth={2} shapeRendering="crispEdges" />
      <path d={diagonalPath(view)} stroke="#3a7bd5" strokeWidth={2} />
      <path d={`M0 0L${w} ${h}M${w} 0L0 ${h}`} stroke="#ffd400" strokeWidth={3} />
      <circle cx={w / 2} cy={h / 2} r={Math.min(w, h) / 2 - 4} stroke="#ffffff" strokeWidth={3} />
      <path d={major} stroke="#ffffff" strokeWidth={4} shapeRendering="crispEdges" />
      <rect x={1} y={1} width={w - 2} height={h - 2} stroke="#ff3030" strokeWidth={2} />
    </g>
  );
}

function BarsPattern({ canvas }: { canvas: WallGeometry['canvas'] }) {
  const top = Math.round((canvas.height * 2) / 3);
  return (
    <g shapeRendering="crispEdges" data-testid="calibration-bars">
      {barRects(canvas.width).map((r, i) => (
        <g key={i}>
          <rect x={r.x} y={0} width={r.width} height={top} fill={BAR_COLORS[i]} />
          {/* 75% bars below: the same hues at three quarters, to judge gain without clipping. */}
          <rect x={r.x} y={top} width={r.width} height={canvas.height - top} fill={BAR_COLORS[i]} fillOpacity={0.75} />
        </g>
      ))}
    </g>
  );
}

function RampPattern({ canvas }: { canvas: WallGeometry['canvas'] }) {
  const half = Math.round(canvas.height / 2);
  const steps = greySteps();
  const rects = barRects(canvas.width, steps.length);
  return (
    <g data-testid="calibration-ramp">
      <defs>
        <linearGradient id="ioc-grey-ramp" gradientUnits="userSpaceOnUse" x1={0} y1={0} x2={canvas.width} y2={0}>
          <stop offset="0" stopColor="#000" />
          <stop offset="1" stopColor="#fff" />
        </linearGradient>
      </defs>
      <rect x={0} y={0} width={canvas.width} height={half} fill="url(#ioc-grey-ramp)" />
      {rects.map((r, i) => {
        const g = steps[i] ?? 0;
        return <rect key={i} x={r.x} y={half} width={r.width} height={canvas.height - half} fill={`rgb(${g},${g},${g})`} shapeRendering="crispEdges" />;
      })}
    </g>
  );
}

function IdentityCard({ display: d, large, fps, clockError }: { display: DisplayGeometry; large: boolean; fps: number | null; clockError: number | null }) {
  const text = calibrationText(useLang());
  const v = d.viewport;
  const scale = (large ? 1.6 : 1) * Math.min(v.width / 1920, v.height / 1080);
  const w = 720 * scale;
  const h = 330 * scale;
  const x = v.x + (v.width - w) / 2;
  const y = v.y + (v.height - h) / 2;
  const line = (n: number) => y + (70 + n * 58) * scale;
  return (
    <g data-testid="calibration-identity" data-display={d.id} data-row={d.row} data-col={d.col} data-fps={fps ?? ''} data-clock-error={clockError ?? ''}>
      {large && <rect x={v.x + 3} y={v.y + 3} width={v.width - 6} height={v.height - 6} fill="none" stroke="#ffd400" strokeWidth={6} />}
      <rect x={x} y={y} width={w} height={h} rx={12 * scale} fill="#101820" fillOpacity={0.9} stroke="#ffffff" strokeWidth={2} />
      <text x={x + 30 * scale} fill="#ffffff" fontFamily="sans-serif" fontSize={30 * scale}>
        <tspan x={x + 30 * scale} y={line(0)} fontSize={56 * scale} fontWeight="bold">
          {d.id}
        </tspan>
        <tspan x={x + 30 * scale} y={line(1)}>
          {text.cell(d.row, d.col)} · {d.resolution.width} × {d.resolution.height} px
        </tspan>
        <tspan x={x + 30 * scale} y={line(2)}>
          {text.fps(fps)} · {text.clock(clockError)}
        </tspan>
        <tspan x={x + 30 * scale} y={line(3)} fill="#ffd400" fontSize={24 * scale}>
          {text.mode}
        </tspan>
      </text>
    </g>
  );
}
