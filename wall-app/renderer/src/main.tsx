// Entry of the wall renderer: one page per display, `/wall/?wall=<id>&display=<id>`.
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/latin-600.css';
import '@fontsource/be-vietnam-pro/latin-700.css';
import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-600.css';
import '@fontsource/be-vietnam-pro/vietnamese-700.css';
import './styles/theme.css';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app';
import { startWallTicker } from './chrome/wall-ticker';
import { createI18n } from './i18n/i18n';
import { startKioskHeartbeat } from './kiosk/heartbeat';
import { TopicRegistry } from './live/topic-registry';
import { startWallClient } from './net/wall-client';
import { ReadyTracker } from './paint/ready-tracker';
import { createDemoStore } from './state/demo-store';
import { WallContext, type WallServices } from './state/hooks';
import { createWallStore, readWallParams } from './state/wall-store';
import { resolveJoinDisplay } from './tile/join-display';
import { readPageParams } from './tile/page';
import { createWallSync } from './sync/wall-sync';

const params = readWallParams(window.location.search);
// A renderer page (`&renderer=`) or the whole canvas (`&canvas=1`) may leave out `display` (tile/page.ts).
const page = readPageParams(window.location.search);
const spanning = !params && page.wallId !== '' && (page.rendererId !== '' || page.canvas);
const store = params ? createWallStore(params.wallId, params.displayId) : spanning ? createWallStore(page.wallId, '') : createWallStore('', '', { code: 'missing-params' });
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

// Wall time and frame-exact scheduled changes (sync/): flushSync so that a change applied in an
// animation frame is committed to the DOM before that frame is painted.
const sync = createWallSync((apply) => flushSync(apply));
startWallTicker(
  () => sync.clock.now(),
  (at, apply) => sync.frames.at(at, 'tick', apply),
);
if (params) startWallClient(store, services.registry, i18n, sync);
else if (spanning) void resolveJoinDisplay(store, page).then(() => startWallClient(store, services.registry, i18n, sync));
// Inside the Electron kiosk, prove to the main process that this page is alive.
if (window.iocWall) startKioskHeartbeat(window.iocWall);

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
