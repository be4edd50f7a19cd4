// Entry of the wall renderer: one page per display, `/wall/?wall=<id>&display=<id>`.
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/latin-600.css';
import '@fontsource/be-vietnam-pro/latin-700.css';
import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-600.css';
import '@fontsource/be-vietnam-pro/vietnamese-700.css';
import './styles/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app';
import { startWallTicker } from './chrome/wall-ticker';
import { createI18n } from './i18n/i18n';
import { TopicRegistry } from './live/topic-registry';
import { startWallClient } from './net/wall-client';
import { ReadyTracker } from './paint/ready-tracker';
import { createDemoStore } from './state/demo-store';
import { WallContext, type WallServices } from './state/hooks';
import { createWallStore, readWallParams } from './state/wall-store';

const params = readWallParams(window.location.search);
const store = params ? createWallStore(params.wallId, params.displayId) : createWallStore('', '', { code: 'missing-params' });
const i18n = createI18n();
const root = document.documentElement;
const services: WallServices = {
  store,
  registry: new TopicRegistry(),
  demo: createDemoStore(),
  ready: new ReadyTracker({
    onReset: () => {
      root.dataset.ready = 'false';
    },
    onReady: () => {
      root.dataset.ready = 'true';
      window.__wallReadyAt = performance.now();
    },
  }),
};
window.__wallPaints ??= [];

// Fetch every font face now, while the server is surely up: faces are otherwise loaded only
// when first used, and a wall that loses its server later would fall back to system fonts.
for (const weight of [400, 600, 700]) void document.fonts.load(`${weight} 24px "Be Vietnam Pro"`, 'Aa Đă ệ').catch(() => undefined);

startWallTicker(() => store.getState().clockOffsetMs);
if (params) startWallClient(store, services.registry, i18n);
// Inside the Electron kiosk, prove to the main process that this page is alive.
if (window.iocWall) setInterval(() => window.iocWall?.heartbeat(), 5000);

const container = document.getElementById('root');
if (!container) throw new Error('#root missing');
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <WallContext.Provider value={services}>
        <App />
      </WallContext.Provider>
    </I18nextProvider>
  </StrictMode>,
);
