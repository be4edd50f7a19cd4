import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLastSeen } from '../format-time.js';
import { useConsole, useConsoleActions, useLng } from '../use-console.js';

/**
 * The command log's failures, for technicians and admins: what failed, sent by whom, to which
 * device, and why; an admin can send one again (a new command, linked to the failed one, with
 * its own result toast). Loaded when shown and on "Refresh".
 */
export function FailedCommands() {
  const { t } = useTranslation();
  const lng = useLng();
  const role = useConsole((s) => s.whoami?.role);
  const failed = useConsole((s) => s.failed);
  const error = useConsole((s) => s.failedError);
  const pending = useConsole((s) => s.pending);
  const connected = useConsole((s) => s.connection === 'connected');
  const { loadFailed, resendFailed } = useConsoleActions();
  const allowed = role === 'technician' || role === 'admin';
  useEffect(() => {
    if (allowed && connected) loadFailed();
  }, [allowed, connected, loadFailed]);
  if (!allowed) return null;
  const now = Date.now();
  return (
    <section className="failed-commands" aria-labelledby="failed-title" data-testid="failed-commands">
      <div className="failed-head">
        <h2 id="failed-title">{t('failed.heading')}</h2>
        <button type="button" className="tool-button" onClick={() => loadFailed()} data-testid="failed-refresh">
          {t('failed.refresh')}
        </button>
      </div>
      <p className="help">{t('failed.help')}</p>
      {error && <p className="notice error">{error}</p>}
      {failed === null ? (
        <p className="notice">{t('failed.loading')}</p>
      ) : failed.length === 0 ? (
        <p className="notice">{t('failed.none')}</p>
      ) : (
        <ul className="failed-list">
          {failed.map((c) => (
            <li key={c.clientId} className="failed-item" data-testid="failed-command" data-client-id={c.clientId} data-command={c.name}>
              <div className="failed-main">
                <strong>{c.name}</strong>
                {c.target && (
                  <span>
                    {' '}
                    {t('failed.target')} <code>{c.target}</code>
                  </span>
                )}
                <div className="failed-meta">
                  {t('failed.by')} {c.actor ?? '?'} · {t('failed.at')} {formatLastSeen(c.receivedAt, now, lng)}
                  {c.resendOf && ` · ${t('failed.resentFrom', { id: c.resendOf })}`}
                </div>
                {c.error && (
                  <div className="failed-reason">
                    {t('failed.reason')}: {c.error.message}
                  </div>
                )}
              </div>
              <button
                type="button"
                className="primary"
                data-testid="failed-resend"
                disabled={role !== 'admin' || !connected || pending[`resend:${c.clientId}`] !== undefined}
                title={role !== 'admin' ? t('failed.resendOnlyAdmin') : undefined}
                onClick={() => resendFailed(c.clientId)}
              >
                {t('failed.resend')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
