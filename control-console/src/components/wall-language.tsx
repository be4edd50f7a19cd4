import { useTranslation } from 'react-i18next';
import type { Language } from '@ioc/protocol';
import { languageKey } from '../console-store.js';
import { useConsole, useConsoleActions } from '../use-console.js';

const WALL_LANGUAGES: readonly Language[] = ['vi', 'en'];

/** The language the WALL shows (the console's own language is in the header). */
export function WallLanguage({ wallId, current }: { wallId: string; current: Language }) {
  return (
    <div className="segmented wall-language" role="group">
      {WALL_LANGUAGES.map((lng) => (
        <WallLanguageButton key={lng} wallId={wallId} language={lng} current={lng === current} />
      ))}
    </div>
  );
}

function WallLanguageButton({ wallId, language, current }: { wallId: string; language: Language; current: boolean }) {
  const { t } = useTranslation();
  const { setWallLanguage } = useConsoleActions();
  const pending = useConsole((s) => s.pending[languageKey(wallId, language)] !== undefined);
  return (
    <button
      type="button"
      className="segment large"
      data-testid="wall-language"
      data-language={language}
      data-wall-id={wallId}
      data-pending={pending ? 'true' : 'false'}
      aria-pressed={current}
      aria-busy={pending}
      aria-disabled={pending}
      onClick={() => {
        if (!pending) setWallLanguage(wallId, language);
      }}
    >
      {pending ? <span className="spinner" aria-hidden="true" /> : <span className="code">{language.toUpperCase()}</span>}
      <small>{t(`language.${language}`)}</small>
    </button>
  );
}
