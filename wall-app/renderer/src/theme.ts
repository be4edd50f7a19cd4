import type { WallTheme } from '@ioc/protocol';

/**
 * The palettes of the wall's themes, for code that draws (d3, deck.gl, three.js). The same
 * colours are CSS variables in styles/theme.css (`.tile[data-theme=...]`). Widgets read the
 * palette of the wall's current theme with `useTheme()` (state/hooks.ts) and redraw when it
 * changes (`wall.theme` from the console).
 */
export interface Theme {
  id: WallTheme;
  background: string;
  panel: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  accent: string;
  accentFill: string;
  bar: string;
  barLead: string;
  good: string;
  bad: string;
  neutral: string;
  warn: string;
  /** Faint background of list items (the warnings list) against the panel. */
  stripe: string;
  /** Sequential ramp for choropleths and heat tables, low to high (5 to 9 classes are interpolated). */
  ramp: readonly string[];
  /** Land outside Viet Nam, sea and borders on maps. */
  land: string;
  sea: string;
  border: string;
}

/** The dark control-room theme (default). */
export const darkTheme: Theme = {
  id: 'dark',
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
  stripe: 'rgba(255, 255, 255, 0.045)',
  ramp: ['#0f2a4a', '#155a8a', '#1f8fc0', '#4cc3ff', '#b3ecff'],
  land: '#111a2b',
  sea: '#070d18',
  border: '#2a3b57',
};

/** High contrast: black, white and saturated colours only, thick lines (for low vision and glare). */
export const highContrastTheme: Theme = {
  id: 'high-contrast',
  background: '#000000',
  panel: '#000000',
  text: '#ffffff',
  muted: '#ffffff',
  grid: '#808080',
  axis: '#ffffff',
  accent: '#ffff00',
  accentFill: 'rgba(255, 255, 0, 0.25)',
  bar: '#00ffff',
  barLead: '#ffff00',
  good: '#00ff00',
  bad: '#ff3030',
  neutral: '#ffffff',
  warn: '#ffa500',
  stripe: 'rgba(255, 255, 255, 0.045)',
  ramp: ['#1a1a66', '#0000ff', '#00ffff', '#ffff00', '#ffffff'],
  land: '#1a1a1a',
  sea: '#000000',
  border: '#ffffff',
};

/** Light, for daylight rooms and printed screenshots. */
export const lightTheme: Theme = {
  id: 'light',
  background: '#f4f6fa',
  panel: '#ffffff',
  text: '#0c1423',
  muted: '#42526b',
  grid: '#d5dde8',
  axis: '#7a8aa3',
  accent: '#0a5fb4',
  accentFill: 'rgba(10, 95, 180, 0.14)',
  bar: '#4d8fd6',
  barLead: '#0a5fb4',
  good: '#11823b',
  bad: '#c62828',
  neutral: '#42526b',
  warn: '#b26a00',
  stripe: 'rgba(12, 20, 35, 0.04)',
  ramp: ['#e3f0fb', '#a9cfee', '#5fa3d9', '#2470b8', '#0b3f7a'],
  land: '#e6e9ef',
  sea: '#cfdcec',
  border: '#9aa8bd',
};

export const THEMES: Readonly<Record<WallTheme, Theme>> = { dark: darkTheme, 'high-contrast': highContrastTheme, light: lightTheme };

/** The palette of a theme id (the dark one for an unknown id). */
export function themeOf(id: WallTheme | string | null | undefined): Theme {
  return THEMES[id as WallTheme] ?? darkTheme;
}

export function toneColor(t: Theme, tone: 'good' | 'bad' | 'neutral'): string {
  return tone === 'good' ? t.good : tone === 'bad' ? t.bad : t.neutral;
}
