import type { Theme } from '../../theme';
import type { ArchipelagoId } from './geo-types';
import { INSET_ARCHIPELAGOS } from './inset-data';

const W = 300;
const LABEL_H = 58;
const MAP_H = 190;
const BLOCK_H = LABEL_H + MAP_H + 12;

/**
 * The archipelagos the main view leaves out (a drill-down to a province), each in a box of its
 * own, stacked in the map's corner: Hoàng Sa and Trường Sa are on the map, and labelled, at
 * every zoom.
 */
export function ArchipelagoInset({ lang, theme, show }: { lang: 'vi' | 'en'; theme: Theme; show: readonly ArchipelagoId[] }) {
  const shown = INSET_ARCHIPELAGOS.filter((a) => show.includes(a.id));
  if (shown.length === 0) return null;
  const height = shown.length * BLOCK_H;
  return (
    <svg className="map-inset" data-testid="map-inset" width={W} height={height} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={shown.map((a) => (lang === 'vi' ? a.label : a.labelEn)).join(', ')}>
      {shown.map((a, i) => {
        const lons = a.outline.map((p) => p[0]);
        const lats = a.outline.map((p) => p[1]);
        const west = Math.min(...lons);
        const east = Math.max(...lons);
        const south = Math.min(...lats);
        const north = Math.max(...lats);
        const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
        const scale = Math.min((W - 40) / ((east - west) * k), (MAP_H - 20) / (north - south));
        const ox = (W - (east - west) * k * scale) / 2;
        const oy = i * BLOCK_H + LABEL_H + (MAP_H - (north - south) * scale) / 2;
        const x = (lon: number) => ox + (lon - west) * k * scale;
        const y = (lat: number) => oy + (north - lat) * scale;
        const [line1, line2] = (lang === 'vi' ? a.label : a.labelEn).split(' (');
        return (
          <g key={a.id} data-archipelago={a.id}>
            <rect x={1} y={i * BLOCK_H + 1} width={W - 2} height={BLOCK_H - 10} rx={10} fill={theme.sea} stroke={theme.border} strokeWidth={2} />
            <text x={W / 2} y={i * BLOCK_H + 26} textAnchor="middle" fontSize={20} fontWeight={600} fill={theme.text}>
              {line1}
            </text>
            {line2 ? (
              <text x={W / 2} y={i * BLOCK_H + 50} textAnchor="middle" fontSize={20} fontWeight={600} fill={theme.text}>
                ({line2}
              </text>
            ) : null}
            <path d={`M${a.outline.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join('L')}Z`} fill="none" stroke={theme.muted} strokeWidth={2} strokeDasharray="6 4" />
            {a.islets.map(([lon, lat], j) => (
              <circle key={j} cx={x(lon)} cy={y(lat)} r={4.5} fill={theme.text} stroke={theme.sea} strokeWidth={1} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}
