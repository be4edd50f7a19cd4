import { useStore } from 'zustand';
import { formatAge } from '../format/format';
import { useLang, useServices, useT, useWall } from '../state/hooks';
import { unitName } from '../state/catalog-index';
import { liveClock } from '../state/wall-store';
import { Clock } from './clock';
import { wallTicker } from './wall-ticker';

/** Overlay of every tile: scene name, drill-down focus, briefing step, stale badge when offline, clock. */
export function TopBar({ title }: { title: string }) {
  return (
    <header className="top-bar">
      <h1 data-testid="scene-title" className="scene-title">
        {title}
        <FocusLabel />
      </h1>
      <div className="top-bar-right">
        <BriefingProgress />
        <StaleBadge />
        <Clock />
      </div>
    </header>
  );
}

/** The province the wall is drilled down to (`wall.drilldown`), after the scene name. */
function FocusLabel() {
  const focus = useWall((s) => s.state?.focus ?? null);
  const catalog = useWall((s) => s.catalog);
  const lang = useLang();
  if (!focus) return null;
  return (
    <span data-testid="focus" data-unit={focus} className="focus-label">
      {' — '}
      {unitName(catalog, focus, lang)}
    </span>
  );
}

/** "2/4 · Kinh tế vĩ mô" while a briefing runs, so presenter and audience know where they are. */
function BriefingProgress() {
  const briefing = useWall((s) => s.state?.briefing ?? null);
  const lang = useLang();
  if (!briefing) return null;
  return (
    <div data-testid="briefing-progress" data-step={briefing.step} className="briefing-progress">
      {briefing.step}/{briefing.steps}
      {briefing.title ? ` · ${briefing.title[lang]}` : ` · ${briefing.name[lang]}`}
    </div>
  );
}

/**
 * Shown only while the socket is down: the last frame stays on screen and this says how old
 * its data is (since the last live message or join), updated every second.
 */
function StaleBadge() {
  const offline = useWall((s) => s.connection === 'offline');
  const t = useT();
  const lang = useLang();
  // Re-render on the one-second tick only while offline.
  useStore(wallTicker, (s) => (offline ? s.now : 0));
  if (!offline) return null;
  return (
    <div data-testid="stale-badge" className="stale-badge" role="status">
      <span className="stale-dot" aria-hidden="true" />
      {t('chrome.stale', { age: formatAge(Date.now() - liveClock.lastDataAt, lang) })}
    </div>
  );
}

/** "DỮ LIỆU MÔ PHỎNG / DEMO DATA" whenever any panel shows a synthetic point. */
export function DemoWatermark() {
  const { demo } = useServices();
  const shown = useStore(demo, (s) => s.synthetic.size > 0);
  const t = useT();
  if (!shown) return null;
  return (
    <div data-testid="demo-watermark" className="demo-watermark">
      {t('chrome.demo')}
    </div>
  );
}
