import { useTranslation } from 'react-i18next';
import type { DisplayPresence, Language } from '@ioc/protocol';
import { formatLastSeen } from '../format-time.js';

/** A display's link state: colour and words, never colour alone. */
export function DisplayStatus({ display, language }: { display: DisplayPresence; language: Language }) {
  const { t } = useTranslation();
  const state = display.connected ? 'connected' : 'disconnected';
  const seen =
    display.lastSeen === null
      ? t('display.neverSeen')
      : t('display.lastSeen', { time: formatLastSeen(display.lastSeen, Date.now(), language) });
  return (
    <li
      className={`display-status ${state}`}
      data-testid="display-status"
      data-display-id={display.displayId}
      data-connected={display.connected ? 'true' : 'false'}
    >
      <span className="dot" aria-hidden="true" />
      <span className="display-id">{display.displayId}</span>
      <span className="display-text">
        <strong>{t(`display.${state}`)}</strong>
        <small>{seen}</small>
      </span>
    </li>
  );
}
