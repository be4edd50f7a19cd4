import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatLastSeen } from '../format-time.js';
import { useConsole, useLng } from '../use-console.js';

/** The state keys shown first and in this order; any others the driver reports follow. */
const KNOWN_STATE = ['power', 'input', 'volume', 'mute', 'brightness', 'routes'] as const;
/** Driver details that say nothing to an operator. */
const HIDDEN_STATE = new Set(['info']);

const STATUS_ICON = { online: '●', offline: '✕', error: '!', connecting: '…' } as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A router's or matrix's ties, one small chip per output: a Videohub has dozens. */
function Routes({ routes }: { routes: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <ul className="routes">
      {Object.entries(routes).map(([output, input]) => (
        <li key={output}>{t('devices.route', { output, input: String(input) })}</li>
      ))}
    </ul>
  );
}

function stateText(t: TFunction, key: string, value: unknown): string {
  if (key === 'power' && (value === 'on' || value === 'off')) return t(`devices.${value}`);
  if (typeof value === 'boolean') return value ? t('devices.on') : t('devices.off');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/**
 * A device: its name in the console's language, driver, link status (words and colour, never
 * colour alone), last error, queue, and what its replies told about its state.
 */
export function DeviceCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const lng = useLng();
  const device = useConsole((s) => s.devices[id]);
  if (!device) return null;
  const entries = Object.entries(device.state).filter(([k, v]) => !HIDDEN_STATE.has(k) && v !== undefined && v !== null);
  const rank = (k: string) => {
    const i = (KNOWN_STATE as readonly string[]).indexOf(k);
    return i === -1 ? KNOWN_STATE.length : i;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b));
  const headingId = `device-${device.id}-name`;
  return (
    <li className={`device-card status-${device.status}`} data-testid="device-card" data-device-id={device.id} data-status={device.status} aria-labelledby={headingId}>
      <div className="device-head">
        <h3 id={headingId}>{device.name[lng]}</h3>
        <span className="device-status" data-testid="device-status-label">
          <span className="status-icon" aria-hidden="true">
            {STATUS_ICON[device.status]}
          </span>
          {t(`devices.status.${device.status}`)}
        </span>
      </div>
      <dl className="device-facts">
        <div>
          <dt>{t('devices.driver')}</dt>
          <dd className="mono">{device.driver}</dd>
        </div>
        <div>
          <dt>{t('devices.queued')}</dt>
          <dd data-testid="device-queued">{device.queued}</dd>
        </div>
        <div>
          <dt>{t('devices.lastReply')}</dt>
          <dd>{device.lastReplyAt === null ? t('devices.neverReplied') : formatLastSeen(device.lastReplyAt, Date.now(), lng)}</dd>
        </div>
      </dl>
      {entries.length === 0 ? (
        <p className="device-unknown">{t('devices.unknownState')}</p>
      ) : (
        <dl className="device-state">
          {entries.map(([key, value]) => (
            <div key={key} data-testid="device-state" data-key={key} data-value={typeof value === 'object' ? JSON.stringify(value) : String(value)}>
              <dt>{t(`devices.state.${key}`, { defaultValue: key })}</dt>
              <dd>{key === 'routes' && isRecord(value) ? <Routes routes={value} /> : stateText(t, key, value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {device.lastError && (
        <p className="device-error" data-testid="device-error">
          <strong>{t('devices.lastError')}:</strong> {device.lastError}
        </p>
      )}
    </li>
  );
}
