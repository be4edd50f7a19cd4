import { useTranslation } from 'react-i18next';
import type { MacroStepResult } from '@ioc/protocol';
import { stepCounts } from '../command-outcome.js';
import { useConsole, useLng } from '../use-console.js';

const ICON = { done: '✓', failed: '✕', skipped: '–' } as const;

/** What each step of a macro did: done, failed (with why) or skipped. */
export function StepResults({ steps }: { steps: readonly MacroStepResult[] }) {
  const { t } = useTranslation();
  const lng = useLng();
  const catalog = useConsole((s) => s.catalog);
  const devices = useConsole((s) => s.devices);
  /** The devices a step went to, by name: two "Display power" steps differ only there. */
  const targets = (step: MacroStepResult) => [...new Set((step.exchanges ?? []).map((x) => x.device))].map((id) => devices[id]?.name[lng] ?? id).join(', ');
  const label = (name: string | null) => (name === null ? t('steps.delay') : (catalog?.find((c) => c.name === name)?.label[lng] ?? name));
  return (
    <div className="step-results" data-testid="step-results">
      <p className="step-summary">
        <strong>{t('steps.title')}</strong> · {t('steps.summary', stepCounts(steps))}
      </p>
      <ol>
        {steps.map((s) => (
          <li key={s.index} className={`step ${s.status}`} data-testid="step-result" data-status={s.status} data-command={s.command ?? ''}>
            <span className="step-icon" aria-hidden="true">
              {ICON[s.status]}
            </span>
            <span className="step-name">
              {s.index + 1}. {label(s.command)}
              {targets(s) && <small className="step-target">{targets(s)}</small>}
              {s.error && <small className="step-error">{s.error.message}</small>}
            </span>
            <span className="step-status">{t(`steps.${s.status}`)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
