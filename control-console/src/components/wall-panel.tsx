import { useTranslation } from 'react-i18next';
import type { ConsoleState, Language } from '@ioc/protocol';
import { DisplayStatus } from './display-status.js';
import { SceneButton } from './scene-button.js';
import { WallLanguage } from './wall-language.js';

export type ConsoleWall = ConsoleState['walls'][number];
export type ConsoleScene = ConsoleState['scenes'][number];

/**
 * One wall: what it shows, the scenes it can switch to, its language and its displays. The
 * order is the phone order (the main action first); on wide screens CSS puts the scenes beside
 * the rest.
 */
export function WallPanel({ wall, scenes }: { wall: ConsoleWall; scenes: readonly ConsoleScene[] }) {
  const { t, i18n } = useTranslation();
  const lng: Language = i18n.language === 'en' ? 'en' : 'vi';
  const current = scenes.find((s) => s.id === wall.sceneId);
  const headingId = `wall-${wall.wallId}-name`;
  return (
    <section className="wall" aria-labelledby={headingId} data-testid="wall" data-wall-id={wall.wallId}>
      <div className="wall-head">
        <h2 id={headingId}>{wall.name[lng]}</h2>
        <p className="now-showing">
          <span className="label">{t('wall.currentScene')}</span>
          <strong data-testid="current-scene" data-scene-id={wall.sceneId}>
            {current ? current.name[lng] : t('wall.unknownScene', { id: wall.sceneId })}
          </strong>
        </p>
      </div>
      <div className="wall-scenes">
        <h3>{t('wall.scenes')}</h3>
        {scenes.length === 0 ? (
          <p className="notice">{t('wall.noScenes')}</p>
        ) : (
          <div className="scene-grid">
            {scenes.map((scene) => (
              <SceneButton
                key={scene.id}
                wallId={wall.wallId}
                sceneId={scene.id}
                label={scene.name[lng]}
                current={scene.id === wall.sceneId}
              />
            ))}
          </div>
        )}
      </div>
      <div className="wall-language-block">
        <h3>{t('wall.wallLanguage')}</h3>
        <WallLanguage wallId={wall.wallId} current={wall.language} />
      </div>
      <div className="wall-displays">
        <h3>{t('wall.displays')}</h3>
        <ul className="displays">
          {wall.displays.map((d) => (
            <DisplayStatus key={d.displayId} display={d} language={lng} />
          ))}
        </ul>
      </div>
    </section>
  );
}
