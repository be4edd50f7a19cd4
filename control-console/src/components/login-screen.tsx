import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cleanTypedKey } from '../access-key.js';
import { currentServer } from '../current-server.js';
import { loginErrorMessage, type LoginError } from '../login.js';
import { UNAUTHORISED } from '../socket-adapter.js';
import { SSO_START_PATH, ssoAvailable } from '../sso.js';
import { useConsole, useSession } from '../use-console.js';

type Bilingual = (lng: 'vi' | 'en') => string;

/**
 * Sign-in: user name and password first; an access key (kiosks, a link with `#key=`) behind a
 * second button. Every refusal is said in both languages: the operator may read either.
 */
export function LoginScreen() {
  const { t, i18n } = useTranslation();
  const refusal = useConsole((s) => (s.connection === 'refused' ? s.refusal : null));
  const [useKey, setUseKey] = useState(false);
  const [loginError, setLoginError] = useState<LoginError | null>(null);
  const errorId = useId();
  const sso = useSsoOffered();

  let reason: Bilingual | null = null;
  if (loginError) {
    const { key, values } = loginErrorMessage(loginError);
    reason = (lng) => i18n.getFixedT(lng)(key, values);
  } else if (refusal !== null) {
    reason = (lng) => (refusal === UNAUTHORISED ? i18n.getFixedT(lng)('login.refused') : i18n.getFixedT(lng)('login.refusedOther', { reason: refusal }));
  }

  return (
    <div className="login">
      <h2>{t('login.heading')}</h2>
      {reason && (
        <div className="login-error" id={errorId} role="alert" data-testid="login-error" data-reason={loginError?.kind ?? refusal ?? ''}>
          <p lang="vi">{reason('vi')}</p>
          <p lang="en">{reason('en')}</p>
        </div>
      )}
      {sso && (
        // A plain link: the browser leaves for the provider and comes back to /console/#sso=<code>.
        <a className="button primary login-sso" data-testid="login-sso" href={SSO_START_PATH}>
          <span lang="vi">{i18n.getFixedT('vi')('login.sso')}</span> / <span lang="en">{i18n.getFixedT('en')('login.sso')}</span>
        </a>
      )}
      {useKey ? <KeyForm describedBy={reason ? errorId : undefined} /> : <PasswordForm describedBy={reason ? errorId : undefined} onError={setLoginError} />}
      <button
        type="button"
        className="link-button"
        data-testid="login-use-key"
        aria-expanded={useKey}
        onClick={() => {
          setUseKey(!useKey);
          setLoginError(null);
        }}
      >
        {useKey ? t('login.usePassword') : t('login.useKey')}
      </button>
    </div>
  );
}

/** Whether the server offers single sign-on (asked once; no answer means no). */
function useSsoOffered(): boolean {
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    let live = true;
    void ssoAvailable((url, init) => globalThis.fetch(url, init), currentServer().origin).then((yes) => live && setOffered(yes));
    return () => {
      live = false;
    };
  }, []);
  return offered;
}

function PasswordForm({ describedBy, onError }: { describedBy: string | undefined; onError: (e: LoginError | null) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const userId = useId();
  const passwordId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || username.trim() === '' || password === '') return;
    setBusy(true);
    onError(null);
    const error = await session.signInWithPassword(username, password);
    setBusy(false);
    if (error) {
      setPassword('');
      onError(error);
    }
  }

  return (
    <form className="login-form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={userId}>{t('login.usernameLabel')}</label>
      <input
        id={userId}
        data-testid="login-username"
        type="text"
        autoComplete="username"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        value={username}
        aria-describedby={describedBy}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor={passwordId}>{t('login.passwordLabel')}</label>
      <input
        id={passwordId}
        data-testid="login-password"
        type="password"
        autoComplete="current-password"
        value={password}
        aria-describedby={describedBy}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="primary" data-testid="login-password-submit" disabled={busy} aria-busy={busy}>
        {busy ? (
          <>
            <span className="spinner" aria-hidden="true" /> {t('login.signingIn')}
          </>
        ) : (
          t('login.submit')
        )}
      </button>
    </form>
  );
}

function KeyForm({ describedBy }: { describedBy: string | undefined }) {
  const { t } = useTranslation();
  const session = useSession();
  const [value, setValue] = useState('');
  const inputId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const key = cleanTypedKey(value);
    if (key === null) return;
    setValue('');
    session.signIn(key);
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate>
      <label htmlFor={inputId}>{t('login.keyLabel')}</label>
      <input
        id={inputId}
        data-testid="login-key"
        type="password"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        placeholder={t('login.keyPlaceholder')}
        value={value}
        aria-describedby={describedBy}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="primary" data-testid="login-submit">
        {t('login.keySubmit')}
      </button>
    </form>
  );
}
