import { useTranslation } from 'react-i18next';
import type { CatalogCommand } from '@ioc/protocol';
import { cardKey } from '../console-store.js';
import { rolesText } from '../labels.js';
import { useConsole, useConsoleActions, useLng } from '../use-console.js';
import { CommandButton } from './command-button.js';
import { StepResults } from './step-results.js';

/** A room mode (a macro): one big button, and the result of each step once it has run. */
export function MacroCard({ command }: { command: CatalogCommand }) {
  const { t } = useTranslation();
  const lng = useLng();
  const { run } = useConsoleActions();
  const key = cardKey(command.name);
  const outcome = useConsole((s) => s.outcomes[key]);
  return (
    <article className="macro-card" data-testid="command-card" data-command={command.name} data-kind="macro" data-allowed={String(command.allowed)}>
      <CommandButton
        className="macro-button"
        data-testid="command-run"
        data-command={command.name}
        pendingKey={key}
        allowed={command.allowed}
        onSend={() => run(command.name, {}, { key })}
      >
        {(pending) => (
          <>
            <span className="macro-label">
              {pending && <span className="spinner" aria-hidden="true" />}
              {command.label[lng]}
            </span>
            <span className="macro-meta">
              {command.steps !== undefined && t('catalog.steps', { count: command.steps })}
              {command.confirm && ` · ${t('catalog.needsConfirm')}`}
            </span>
          </>
        )}
      </CommandButton>
      <p className="command-help">{command.help[lng]}</p>
      {!command.allowed && (
        <p className="role-note" data-testid="role-note">
          {t('catalog.notAllowed', { roles: rolesText(t, command.roles) })}
        </p>
      )}
      {outcome?.result.steps && <StepResults steps={outcome.result.steps} />}
      {outcome && !outcome.result.ok && !outcome.result.steps && (
        <p className="last-outcome error" role="status">
          {t('catalog.lastError', { text: outcome.result.error.message })}
        </p>
      )}
    </article>
  );
}
