import { useTranslation } from 'react-i18next';
import type { WallTheme } from '@ioc/protocol';
import { commandKey } from '../console-store.js';
import { useAllowed, useConsoleActions } from '../use-console.js';
import { CommandButton } from './command-button.js';

const THEMES: readonly WallTheme[] = ['dark', 'high-contrast', 'light'];

/** The wall's colour theme (`wall.theme`): dark, high contrast, light. */
export function ThemeSwitch({ wallId, current, labelledBy }: { wallId: string; current: WallTheme; labelledBy: string }) {
  const { t } = useTranslation();
  const { run } = useConsoleActions();
  const allowed = useAllowed('wall.theme');
  return (
    <div className="segmented" role="group" aria-labelledby={labelledBy}>
      {THEMES.map((theme) => {
        const args = { wallId, theme };
        return (
          <CommandButton
            key={theme}
            className={`segment theme-option theme-${theme}`}
            data-testid="wall-theme"
            data-theme={theme}
            data-wall-id={wallId}
            pendingKey={commandKey('wall.theme', args)}
            pressed={theme === current}
            allowed={allowed}
            onSend={() => run('wall.theme', args)}
          >
            {(pending) => (
              <>
                {pending ? <span className="spinner" aria-hidden="true" /> : <span className="swatch" aria-hidden="true" />}
                {t(`wall.themes.${theme}`)}
              </>
            )}
          </CommandButton>
        );
      })}
    </div>
  );
}
