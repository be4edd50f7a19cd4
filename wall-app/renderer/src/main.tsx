// Entry of the wall renderer: one page per display, `/wall/?wall=<id>&display=<id>`; a page
// without a device token shows a pairing code first (net/pairing-client.ts).
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
import { exchangeCode, takeUrlCode } from './net/device-exchange';
import { addressMatches, dropUrlToken, forgetToken, pageStorage, positionSearch, readIdentity, saveIdentity, type StoredIdentity } from './net/device-identity';
import { hintOf, startPairing } from './net/pairing-client';
import { previewCredential } from './net/preview';
import { startWallClient, type DeviceAuth } from './net/wall-client';
import { setDeviceToken } from './net/http';
import { ReadyTracker } from './paint/ready-tracker';
import { createDemoStore } from './state/demo-store';
import { WallContext, type WallServices } from './state/hooks';
import { createWallStore, readWallParams } from './state/wall-store';
import { resolveJoinDisplay } from './tile/join-display';
import { pageScopeOf, readPageParams } from './tile/page';
import { createWallSync } from './sync/wall-sync';

// Enrollment (net/device-exchange.ts, net/device-identity.ts): a `&token=` is dropped from the
// address first, unread (addresses end up in logs and history; the pairing screen says that
// addresses carry single-use codes now); a `&code=` leaves the address at once and is traded
// for a token (below); a stored token whose position is not the address's moves the address there.
const moveTo = (search: string): void => window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
const withoutToken = dropUrlToken(window.location.search);
if (withoutToken.dropped) moveTo(withoutToken.search);
const storage = pageStorage();
const fromCode = takeUrlCode(window.location.search);
if (fromCode.code) moveTo(fromCode.search);
const loadedSearch = window.location.search;
const identity = readIdentity(storage, loadedSearch);
if (identity?.wallId && !addressMatches(loadedSearch, identity)) moveTo(positionSearch(identity));
const store = createWallStore('', '');
if (withoutToken.dropped) store.setState({ tokenInAddress: true });
const i18n = createI18n();
const root = document.documentElement;
const services: WallServices = {
  store,
  registry: new TopicRegistry(),
  demo: createDemoStore(),
  // `sync` is made below; the clock is read only once the page runs.
  now: () => sync.clock.now(),
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

/**
 * Starts the tile the address names, as the device of `token` (null: the server runs open), or
 * as a console's preview with the signed-in person's credential (net/preview.ts).
 */
function tileFromAddress(token: string | null, preview?: string): void {
  // Every read over HTTP (layouts, catalog, forecasts) carries the token, as the socket does.
  setDeviceToken(preview ?? token);
  const params = readWallParams(window.location.search);
  // A renderer page (`&renderer=`) or the whole canvas (`&canvas=1`) may leave out `display` (tile/page.ts).
  const page = readPageParams(window.location.search);
  const spanning = !params && page.wallId !== '' && (page.rendererId !== '' || page.canvas);
  store.setState({ page: pageScopeOf(page) });
  const device: DeviceAuth = {
    token,
    ...(preview && { preview }),
    onIdentity: (id) => {
      if (!token) return;
      const before = window.location.search;
      saveIdentity(storage, [before, positionSearch(id)], { token, wallId: id.wallId, displayId: id.displayId, rendererId: id.rendererId });
      // A token passed for another position than the address: show the token's position.
      if (!addressMatches(before, id)) {
        moveTo(positionSearch(id));
        window.location.reload();
      }
    },
    onRevoked: () => {
      // Back to the pairing screen, with nothing of the wall left in memory.
      if (token) forgetToken(storage, token);
      window.location.reload();
    },
  };
  const start = () => startWallClient(store, services.registry, i18n, sync, device);
  if (params) {
    store.setState({ wallId: params.wallId, displayId: params.displayId, pairing: null, error: null });
    start();
  } else if (spanning) {
    store.setState({ wallId: page.wallId, displayId: '', pairing: null, error: null });
    void resolveJoinDisplay(store, page).then(start);
  } else if (token) {
    // A token without a position in the address: the server's device:identity moves the page.
    store.setState({ pairing: null });
    start();
  } else {
    store.setState({ pairing: null, error: { code: 'missing-params' } });
  }
}

function boot(identity: StoredIdentity | null): void {
  if (identity) return tileFromAddress(identity.token);
  // No token: show a pairing code until a technician assigns this page a position.
  store.setState({ pairing: { code: null, expiresAt: null, error: null } });
  startPairing(store, hintOf(window.location.search), {
    onEnrolled: (e) => {
      const id = { token: e.token, wallId: e.device.wallId, displayId: e.device.displayId, rendererId: e.device.rendererId };
      const before = window.location.search;
      if (!addressMatches(before, id)) moveTo(positionSearch(id));
      saveIdentity(storage, [before, window.location.search], id);
      tileFromAddress(e.token);
    },
    onOpen: () => tileFromAddress(null),
  });
}

const preview = previewCredential(loadedSearch, sessionStore());
if (preview) {
  // A console's preview: never a pairing screen; without the console's credential, say so.
  if (preview.credential) tileFromAddress(null, preview.credential);
  else store.setState({ pairing: null, error: { code: 'join-refused', detail: 'sign in to the console to preview the wall / hãy đăng nhập bảng điều khiển để xem trước' } });
} else if (fromCode.code) {
  void exchangeCode(fromCode.code).then((traded) => {
    if (traded) {
      saveIdentity(storage, [window.location.search, positionSearch(traded)], traded);
      if (!addressMatches(window.location.search, traded)) moveTo(positionSearch(traded));
    }
    // A used or expired code: the page's stored token if it has one, else a pairing code.
    boot(traded ?? identity);
  });
} else {
  boot(identity);
}

/** The session storage (a frame shares its page's), or null where the browser refuses it. */
function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

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
