import { useTranslation } from 'react-i18next';
import type { ConsoleState } from '@ioc/protocol';
import { useLng } from '../use-console.js';
import { BriefingControls } from './briefing-controls.js';
import { DisplayStatus } from './display-status.js';
import { DrilldownPicker } from './drilldown-picker.js';
import { RoleNote } from './role-note.js';
import { SceneButton } from './scene-button.js';
import { ThemeSwitch } from './theme-switch.js';
import { WallLanguage } from './wall-language.js';
import { WallPreview } from './wall-preview.js';

export type ConsoleWall = ConsoleState['walls'][number];
export type ConsoleScene = ConsoleState['scenes'][number];

/**
 * One wall: what it shows, the scenes it can switch to, its language, theme, drill-down and
 * briefing, and its displays. The order is the phone order (the main action first); on wide
 * screens CSS puts the scenes and the provinces beside the rest.
 */
export function WallPanel({ wall, scenes }: { wall: ConsoleWall; scenes: readonly ConsoleScene[] }) {
  const { t } = useTranslation();
  const lng = useLng();
  const current = scenes.find((s) => s.id === wall.sceneId);
  const id = (part: string) => `wall-${wall.wallId}-${part}`;
  return (
    <section className="wall" aria-labelledby={id('name')} data-testid="wall" data-wall-id={wall.wallId} data-theme={wall.theme}>
      <div className="wall-head">
        <h2 id={id('name')}>{wall.name[lng]}</h2>
        <p className="now-showing">
          <span className="label">{t('wall.currentScene')}</span>
          <strong data-testid="current-scene" data-scene-id={wall.sceneId}>
            {current ? current.name[lng] : t('wall.unknownScene', { id: wall.sceneId })}
          </strong>
        </p>
        <WallPreview wallId={wall.wallId} name={wall.name[lng]} outline={wall.outline} displays={wall.displays} />
      </div>
      <div className="wall-scenes">
        <h3>{t('wall.scenes')}</h3>
        <RoleNote command="wall.scene.show" />
        {scenes.length === 0 ? (
          <p className="notice">{t('wall.noScenes')}</p>
        ) : (
          <div className="scene-grid">
            {scenes.map((scene) => (
              <SceneButton key={scene.id} wallId={wall.wallId} sceneId={scene.id} label={scene.name[lng]} current={scene.id === wall.sceneId} outline={wall.outline} panels={scene.panels} />
            ))}
          </div>
        )}
      </div>
      <div className="wall-block wall-language-block">
        <h3 id={id('language')}>{t('wall.wallLanguage')}</h3>
        <RoleNote command="wall.language" />
        <WallLanguage wallId={wall.wallId} current={wall.language} labelledBy={id('language')} />
      </div>
      <div className="wall-block wall-theme-block">
        <h3 id={id('theme')}>{t('wall.theme')}</h3>
        <RoleNote command="wall.theme" />
        <ThemeSwitch wallId={wall.wallId} current={wall.theme} labelledBy={id('theme')} />
      </div>
      <div className="wall-block wall-briefing-block">
        <h3>{t('briefing.heading')}</h3>
        <RoleNote command="briefing.start" />
        <BriefingControls wallId={wall.wallId} progress={wall.briefing} />
      </div>
      <div className="wall-block wall-focus-block">
        <h3>{t('wall.focus')}</h3>
        <RoleNote command="wall.drilldown" />
        <DrilldownPicker wallId={wall.wallId} focus={wall.focus} />
      </div>
      <div className="wall-block wall-displays">
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
