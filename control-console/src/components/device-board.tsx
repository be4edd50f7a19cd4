import { useTranslation } from 'react-i18next';
import { useConsole } from '../use-console.js';
import { DeviceCard } from './device-card.js';
import { FailedCommands } from './failed-commands.js';

/** One card per device of the room, live from `devices:status` and `device:status`. */
export function DeviceBoard() {
  const { t } = useTranslation();
  const order = useConsole((s) => s.deviceOrder);
  const catalog = useConsole((s) => s.catalog);
  return (
    <section className="device-board" aria-labelledby="device-board-title" data-testid="device-board">
      <h2 id="device-board-title">{t('devices.heading')}</h2>
      {order.length === 0 ? (
        <p className="notice">{catalog ? t('devices.none') : t('devices.waiting')}</p>
      ) : (
        <ul className="device-grid">
          {order.map((id) => (
            <DeviceCard key={id} id={id} />
          ))}
        </ul>
      )}
      <FailedCommands />
    </section>
  );
}
