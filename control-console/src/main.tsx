import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/500.css';
import '@fontsource/be-vietnam-pro/700.css';
import './styles/base.css';
import './styles/wall.css';
import './styles/feedback.css';
import './styles/devices.css';
import './styles/catalog.css';
import './styles/warnings.css';
import './styles/mine.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { resolveStartupKey, takeKeyFromFragment, type KeyStorage } from './access-key.js';
import { App } from './components/app.js';
import { createConsoleStore } from './console-store.js';
import { initI18n } from './i18n.js';
import { loginErrorMessage } from './login.js';
import { createSession, loadAccount } from './session.js';
import { takeSsoCode } from './sso.js';
import { ConsoleContext } from './use-console.js';

/** sessionStorage, or a page-lifetime stand-in where the browser forbids it. */
function sessionKeyStorage(): KeyStorage {
  try {
    const storage = window.sessionStorage;
    storage.getItem('probe');
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
    };
  }
}

const i18n = initI18n();
const storage = sessionKeyStorage();
const store = createConsoleStore();
const session = createSession(store, storage);

// Back from single sign-on: the one-time code leaves the address bar before it is traded.
const sso = takeSsoCode(window.location.hash);
if (sso.code !== null) {
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${sso.rest}`);
  void session.signInWithSso(sso.code).then((error) => {
    if (!error) return;
    const { key, values } = loginErrorMessage(error);
    store.getState().setConnection('refused', `${i18n.getFixedT('vi')(key, values)} / ${i18n.getFixedT('en')(key, values)}`);
  });
} else {
  // A key in the link belongs to no person; a token kept from this tab's sign-in keeps its name.
  const linked = takeKeyFromFragment(window.location.hash).key !== null;
  const key = resolveStartupKey(window.location, storage, (url) => window.history.replaceState(window.history.state, '', url));
  if (key !== null) session.signIn(key, linked ? null : loadAccount(storage));
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ConsoleContext.Provider value={{ store, session }}>
        <App />
      </ConsoleContext.Provider>
    </I18nextProvider>
  </StrictMode>,
);
