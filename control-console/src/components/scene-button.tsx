import { useTranslation } from 'react-i18next';
import { sceneKey } from '../console-store.js';
import { useConsole, useConsoleActions } from '../use-console.js';

interface SceneButtonProps {
  wallId: string;
  sceneId: string;
  label: string;
  current: boolean;
}

/**
 * A scene tile. While its command waits for the ack it shows a spinner and ignores taps (the
 * store drops them too); the highlight moves only when the server confirms.
 */
export function SceneButton({ wallId, sceneId, label, current }: SceneButtonProps) {
  const { t } = useTranslation();
  const { showScene } = useConsoleActions();
  const pending = useConsole((s) => s.pending[sceneKey(wallId, sceneId)] !== undefined);
  return (
    <button
      type="button"
      className="scene-button"
      data-testid="scene-button"
      data-scene-id={sceneId}
      data-wall-id={wallId}
      data-pending={pending ? 'true' : 'false'}
      aria-pressed={current}
      aria-busy={pending}
      aria-disabled={pending}
      onClick={() => {
        if (!pending) showScene(wallId, sceneId);
      }}
    >
      <span className="scene-name">{label}</span>
      <span className="scene-state">
        {pending ? (
          <>
            <span className="spinner" aria-hidden="true" />
            {t('pending')}
          </>
        ) : current ? (
          <>
            <span className="check" aria-hidden="true">
              ✓
            </span>
            {t('wall.currentScene')}
          </>
        ) : null}
      </span>
    </button>
  );
}
