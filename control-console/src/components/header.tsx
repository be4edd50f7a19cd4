import { useTranslation } from 'react-i18next';
import type { Language } from '@ioc/protocol';
import { useConsole, useSession } from '../use-console.js';

const UI_LANGUAGES: readonly Language[] = ['vi', 'en'];

/** Title, who is signed in and as what, the console's own language (not the wall's), sign-out. */
export function Header({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const whoami = useConsole((s) => s.whoami);
  const account = useConsole((s) => s.account);
  // The login's display name when it is the same person the server says this console is.
  const name = account && whoami?.kind === 'user' && account.username === whoami.name ? account.displayName : whoami?.name;
  return (
    <header className="header">
      <div className="header-title">
        <h1>{t('app.title')}</h1>
        <p>{t('app.subtitle')}</p>
      </div>
      <div className="header-tools">
        {signedIn && whoami && (
          <p className="who" data-testid="whoami" data-role={whoami.role} data-kind={whoami.kind}>
            <strong data-testid="whoami-name">{name}</strong>
            <span className="role" data-testid="whoami-role">
              {t(`roles.${whoami.role}`)}
            </span>
          </p>
        )}
        <div className="segmented" role="group" aria-label={t('app.uiLanguage')}>
          {UI_LANGUAGES.map((lng) => (
            <button
              key={lng}
              type="button"
              className="segment"
              data-testid="ui-language"
              data-language={lng}
              lang={lng}
              aria-pressed={i18n.language === lng}
              aria-label={t(`language.${lng}`)}
              onClick={() => void i18n.changeLanguage(lng)}
            >
              {lng.toUpperCase()}
            </button>
          ))}
        </div>
        {signedIn && (
          <button type="button" className="tool-button" data-testid="sign-out" onClick={() => session.signOut()}>
            {t('app.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
