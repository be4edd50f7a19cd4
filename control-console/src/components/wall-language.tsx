import { useTranslation } from 'react-i18next';
import type { Language } from '@ioc/protocol';
import { languageKey } from '../console-store.js';
import { useAllowed, useConsoleActions } from '../use-console.js';
import { CommandButton } from './command-button.js';

const WALL_LANGUAGES: readonly Language[] = ['vi', 'en'];

/** The language the WALL shows (the console's own language is in the header). */
export function WallLanguage({ wallId, current, labelledBy }: { wallId: string; current: Language; labelledBy: string }) {
  return (
    <div className="segmented wall-language" role="group" aria-labelledby={labelledBy}>
      {WALL_LANGUAGES.map((lng) => (
        <WallLanguageButton key={lng} wallId={wallId} language={lng} current={lng === current} />
      ))}
    </div>
  );
}

function WallLanguageButton({ wallId, language, current }: { wallId: string; language: Language; current: boolean }) {
  const { t } = useTranslation();
  const { setWallLanguage } = useConsoleActions();
  const allowed = useAllowed('wall.language');
  return (
    <CommandButton
      className="segment large"
      data-testid="wall-language"
      data-language={language}
      data-wall-id={wallId}
      pendingKey={languageKey(wallId, language)}
      pressed={current}
      allowed={allowed}
      onSend={() => setWallLanguage(wallId, language)}
    >
      {(pending) => (
        <>
          {pending ? <span className="spinner" aria-hidden="true" /> : <span className="code">{language.toUpperCase()}</span>}
          <small>{t(`language.${language}`)}</small>
        </>
      )}
    </CommandButton>
  );
}
