import { useTranslation } from 'react-i18next';
import { useConsole } from '../use-console.js';
import { WallPanel } from './wall-panel.js';

/** Every wall of the room, once the server has sent their state. */
export function WallList() {
  const { t } = useTranslation();
  const state = useConsole((s) => s.state);
  const connection = useConsole((s) => s.connection);
  if (!state) {
    return (
      <p className="notice" role="status">
        <span className="spinner" aria-hidden="true" />
        {connection === 'connected' ? t('connection.waitingState') : t('login.connecting')}
      </p>
    );
  }
  if (state.walls.length === 0) return <p className="notice">{t('wall.noWalls')}</p>;
  return (
    <>
      {state.walls.map((wall) => (
        <WallPanel key={wall.wallId} wall={wall} scenes={state.scenes.filter((s) => s.wall === wall.wallId)} />
      ))}
    </>
  );
}
