import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogCommand } from '@ioc/protocol';
import { cardKey } from '../console-store.js';
import { formModelOf } from '../form-model.js';
import { formToArgs, initialValues, type FieldError, type FormValue } from '../form-values.js';
import { rolesText } from '../labels.js';
import { useConsole, useConsoleActions, useLng } from '../use-console.js';
import { CommandButton } from './command-button.js';
import { FormFields } from './form-fields.js';

/**
 * One catalog command: its label and help, a form drawn from its argument schema and this
 * room's choices, and a run button. Who may not run it sees it disabled, with who may.
 */
export function CommandCard({ command }: { command: CatalogCommand }) {
  const { t } = useTranslation();
  const lng = useLng();
  const { run } = useConsoleActions();
  const fields = useMemo(() => formModelOf(command), [command]);
  const [edited, setEdited] = useState<Record<string, FormValue>>({});
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  // Edits sit on top of the initial values, so a catalog re-sent with new choices keeps them.
  const values = useMemo(() => ({ ...initialValues(fields), ...edited }), [fields, edited]);
  const key = cardKey(command.name);
  const idPrefix = `cmd-${command.name.replace(/\./g, '-')}`;

  function change(path: string, value: FormValue) {
    setEdited((e) => ({ ...e, [path]: value }));
    setErrors(({ [path]: _gone, ...rest }) => rest);
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!command.allowed) return;
    const out = formToArgs(fields, values);
    if (!out.ok) {
      setErrors({ ...out.errors });
      return;
    }
    setErrors({});
    run(command.name, out.args, { key });
  }

  return (
    <article className={`command-card${command.allowed ? '' : ' not-allowed'}`} data-testid="command-card" data-command={command.name} data-kind="command" data-allowed={String(command.allowed)}>
      <header className="command-head">
        <h4>{command.label[lng]}</h4>
        <span className="badges">
          {command.confirm && <span className="badge confirm">{t('catalog.needsConfirm')}</span>}
          {command.undo && <span className="badge undo">{t('catalog.undoable')}</span>}
        </span>
      </header>
      <p className="command-help">{command.help[lng]}</p>
      <form className="command-form" onSubmit={submit} noValidate>
        <fieldset disabled={!command.allowed}>
          <FormFields fields={fields} values={values} errors={errors} onChange={change} idPrefix={idPrefix} />
        </fieldset>
        <div className="command-actions">
          <CommandButton className="primary run-button" data-testid="command-run" data-command={command.name} pendingKey={key} allowed={command.allowed} onSend={() => submit()}>
            {(pending) =>
              pending ? (
                <>
                  <span className="spinner" aria-hidden="true" />
                  {t('pending')}
                </>
              ) : (
                t('catalog.run')
              )
            }
          </CommandButton>
          {!command.allowed && (
            <p className="role-note" data-testid="role-note">
              {t('catalog.notAllowed', { roles: rolesText(t, command.roles) })}
            </p>
          )}
        </div>
      </form>
      <LastOutcome outcomeKey={key} />
    </article>
  );
}

/** The answer the card's last run got: a line, green or red. */
function LastOutcome({ outcomeKey }: { outcomeKey: string }) {
  const { t } = useTranslation();
  const outcome = useConsole((s) => s.outcomes[outcomeKey]);
  if (!outcome) return null;
  const { result } = outcome;
  return (
    <p className={`last-outcome ${result.ok ? 'ok' : 'error'}`} data-testid="command-outcome" data-ok={String(result.ok)} role="status">
      {result.ok ? t('catalog.lastOk', { ms: Math.round(result.durationMs ?? 0) }) : t('catalog.lastError', { text: result.error.message })}
    </p>
  );
}
