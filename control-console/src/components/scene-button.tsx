import type { ScenePanelSketch, WallOutline } from '@ioc/protocol';
import { useTranslation } from 'react-i18next';
import { sceneKey } from '../console-store.js';
import { useAllowed, useConsoleActions } from '../use-console.js';
import { CommandButton } from './command-button.js';
import { SceneThumbnail } from './scene-thumbnail.js';

interface SceneButtonProps {
  wallId: string;
  sceneId: string;
  label: string;
  current: boolean;
  /** The wall's outline and the scene's panels: the thumbnail. */
  outline: WallOutline;
  panels: readonly ScenePanelSketch[];
}

/** A scene tile with its thumbnail: shows a spinner while its command waits; the highlight moves on the ack. */
export function SceneButton({ wallId, sceneId, label, current, outline, panels }: SceneButtonProps) {
  const { t } = useTranslation();
  const { showScene } = useConsoleActions();
  const allowed = useAllowed('wall.scene.show');
  return (
    <CommandButton
      className="scene-button"
      data-testid="scene-button"
      data-scene-id={sceneId}
      data-wall-id={wallId}
      pendingKey={sceneKey(wallId, sceneId)}
      pressed={current}
      allowed={allowed}
      onSend={() => showScene(wallId, sceneId)}
    >
      {(pending) => (
        <>
          <SceneThumbnail outline={outline} panels={panels} />
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
        </>
      )}
    </CommandButton>
  );
}
