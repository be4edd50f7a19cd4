import { useTranslation } from 'react-i18next';
import type { Language } from '@ioc/protocol';
import { useSession } from '../use-console.js';

const UI_LANGUAGES: readonly Language[] = ['vi', 'en'];

/** Title, the console's own language (not the wall's) and, once signed in, "change key". */
export function Header({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  return (
    <header className="header">
      <div className="header-title">
        <h1>{t('app.title')}</h1>
        <p>{t('app.subtitle')}</p>
      </div>
      <div className="header-tools">
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
