import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { argsOf } from '../command-outcome.js';
import { describeArgs } from '../labels.js';
import { useConsole, useConsoleActions, useLng } from '../use-console.js';

/**
 * The server's "are you sure?" (`confirm_required`): its prompt in the console's language, the
 * other language below, and what exactly will run. Confirming re-sends the same command (same
 * clientId) with `confirmed: true`; cancelling sends nothing.
 */
export function ConfirmDialog() {
  const { t } = useTranslation();
  const lng = useLng();
  const request = useConsole((s) => s.confirms[0]);
  const command = useConsole((s) => (request ? s.catalog?.find((c) => c.name === request.command.name) : undefined));
  const { answerConfirm } = useConsoleActions();
  const yes = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!request) return;
    yes.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') answerConfirm(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [request, answerConfirm]);

  if (!request) return null;
  const other = lng === 'vi' ? 'en' : 'vi';
  const details = describeArgs(t, command, argsOf(request.command), lng);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-prompt" data-testid="confirm-dialog" data-command={request.command.name}>
        <h2 id="confirm-title">{t('confirm.title')}</h2>
        <p id="confirm-prompt" className="prompt" lang={lng} data-testid="confirm-prompt">
          {request.prompt[lng]}
        </p>
        <p className="prompt-other" lang={other}>
          {request.prompt[other]}
        </p>
        <p className="confirm-what">
          <strong>{command ? command.label[lng] : request.command.name}</strong>
          {details && <span>{details}</span>}
        </p>
        <div className="dialog-buttons">
          <button type="button" className="tool-button" data-testid="confirm-no" onClick={() => answerConfirm(false)}>
            {t('confirm.no')}
          </button>
          <button type="button" className="primary" data-testid="confirm-yes" ref={yes} onClick={() => answerConfirm(true)}>
            {t('confirm.yes')}
          </button>
        </div>
      </div>
    </div>
  );
}
