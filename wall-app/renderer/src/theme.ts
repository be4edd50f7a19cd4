/**
 * The dark control-room theme, for code that draws (d3). The same colours are CSS variables
 * in styles/theme.css. Charts redraw when this object changes (a future theme switch).
 */
export const theme = {
  background: '#060a12',
  panel: '#0c1423',
  text: '#eef3fb',
  muted: '#9fb0c8',
  grid: '#1f2d45',
  axis: '#53698c',
  accent: '#4cc3ff',
  accentFill: 'rgba(76, 195, 255, 0.16)',
  bar: '#2f7de1',
  barLead: '#4cc3ff',
  good: '#3ddc84',
  bad: '#ff6b6b',
  neutral: '#c3cedf',
  warn: '#ffb020',
} as const;

export type Theme = typeof theme;

export function toneColor(t: Theme, tone: 'good' | 'bad' | 'neutral'): string {
  return tone === 'good' ? t.good : tone === 'bad' ? t.bad : t.neutral;
}
