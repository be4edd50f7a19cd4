import { useTranslation } from 'react-i18next';

/** Shown only while the link to the server is down; socket.io reconnects on its own. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  return (
    <div className="connection-banner" data-testid="connection-banner" role="alert">
      <span className="spinner" aria-hidden="true" />
      <span>{t('connection.lost')}</span>
    </div>
  );
}
