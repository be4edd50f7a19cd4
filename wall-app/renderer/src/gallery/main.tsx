// The widget gallery: one panel in a known state, for golden images and the repaint bench.
// `/wall/gallery.html?fixture=<id>&lang=vi|en&theme=dark|high-contrast|light&now=<epoch ms>`.
// The catalog comes from the server (`/api/v1/catalog`); the panel's data from the fixture, not
// from the socket; wall time is frozen at `now` (default 2026-11-23 09:00 +07:00) unless
// `&clock=live`. Test hooks: `window.__gallery` (see README, "Widget gallery").
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/latin-600.css';
import '@fontsource/be-vietnam-pro/latin-700.css';
import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-600.css';
import '@fontsource/be-vietnam-pro/vietnamese-700.css';
import '../styles/theme.css';
import { LanguageSchema, WallThemeSchema } from '@ioc/protocol';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { applyLanguage, createI18n } from '../i18n/i18n';
import { TopicRegistry } from '../live/topic-registry';
import { fetchCatalog } from '../net/http';
import { ReadyTracker } from '../paint/ready-tracker';
import { buildCatalogIndex } from '../state/catalog-index';
import { createDemoStore } from '../state/demo-store';
import { WallContext, type WallServices } from '../state/hooks';
import { createWallStore } from '../state/wall-store';
import { GalleryView } from './gallery-view';
import { galleryState, installGalleryHooks } from './gallery-state';
import { GALLERY_NOW } from './fixture';
import { FIXTURES } from './fixtures';

const params = new URLSearchParams(window.location.search);
const fixture = FIXTURES.find((f) => f.id === params.get('fixture'));
const lang = LanguageSchema.catch('vi').parse(params.get('lang') ?? 'vi');
const themeId = WallThemeSchema.catch('dark').parse(params.get('theme') ?? 'dark');
const frozen = Number(params.get('now') ?? GALLERY_NOW);
const live = params.get('clock') === 'live';
const startedAt = performance.now();
const now = () => (live ? frozen + (performance.now() - startedAt) : frozen);

const root = document.documentElement;
const store = createWallStore('gallery', 'g1');
const services: WallServices = {
  store,
  registry: new TopicRegistry(),
  demo: createDemoStore(),
  now,
  ready: new ReadyTracker({ onReset: () => (root.dataset.ready = 'false'), onReady: () => (root.dataset.ready = 'true') }),
};
const i18n = createI18n();
applyLanguage(i18n, lang);

const container = document.getElementById('root');
if (!container) throw new Error('#root missing');
if (!fixture) {
  container.textContent = `unknown fixture "${params.get('fixture') ?? ''}"; known: ${FIXTURES.map((f) => f.id).join(', ')}`;
  root.dataset.galleryError = 'unknown-fixture';
} else {
  const state = galleryState(fixture, lang, themeId);
  installGalleryHooks(services, fixture, (apply) => flushSync(apply));
  void fetchCatalog().then(
    (catalog) => flushSync(() => store.setState({ catalog: buildCatalogIndex(catalog), language: lang, state, serverSeen: true, caughtUp: true, connection: 'online' })),
    (err: unknown) => {
      // Said on the page (and to a waiting test) instead of an empty page that never gets ready.
      container.textContent = `the catalog could not be loaded from the server: ${err instanceof Error ? err.message : String(err)}`;
      root.dataset.galleryError = 'catalog';
    },
  );
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <WallContext.Provider value={services}>
          <GalleryView fixture={fixture} />
        </WallContext.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
}
