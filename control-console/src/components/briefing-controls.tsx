import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BriefingProgress } from '@ioc/protocol';
import { commandKey } from '../console-store.js';
import { useAllowed, useConsole, useConsoleActions, useLng } from '../use-console.js';
import { CommandButton } from './command-button.js';

/**
 * A presenter's remote: start a briefing, step through it, end it. The wall's `briefing` in
 * `console:state` says where it is; the buttons send `briefing.*` commands.
 */
export function BriefingControls({ wallId, progress }: { wallId: string; progress: BriefingProgress | null }) {
  const { t } = useTranslation();
  const lng = useLng();
  const briefings = useConsole((s) => s.state?.briefings);
  const mine = (briefings ?? []).filter((b) => b.wall === wallId);
  if (progress) {
    return (
      <div className="briefing running" data-testid="briefing" data-briefing-id={progress.id} data-step={progress.step} data-steps={progress.steps}>
        <p className="briefing-now">
          <strong>{progress.name[lng]}</strong>
          <span data-testid="briefing-progress">{t('briefing.progress', { step: progress.step, steps: progress.steps })}</span>
          {progress.title && <small>{progress.title[lng]}</small>}
        </p>
        <div className="briefing-buttons">
          <StepButton wallId={wallId} name="briefing.prev" label={t('briefing.prev')} icon="◀" disabled={progress.step <= 1} />
          <StepButton wallId={wallId} name="briefing.next" label={t('briefing.next')} icon="▶" disabled={progress.step >= progress.steps} />
          <StepButton wallId={wallId} name="briefing.end" label={t('briefing.end')} icon="■" disabled={false} />
        </div>
      </div>
    );
  }
  if (mine.length === 0) return <p className="notice small">{t('briefing.none')}</p>;
  return <BriefingStart wallId={wallId} briefings={mine} />;
}

function BriefingStart({ wallId, briefings }: { wallId: string; briefings: ReadonlyArray<{ id: string; name: { vi: string; en: string }; steps: number }> }) {
  const { t } = useTranslation();
  const lng = useLng();
  const { run } = useConsoleActions();
  const allowed = useAllowed('briefing.start');
  const [chosen, setChosen] = useState(briefings[0]?.id ?? '');
  const selectId = useId();
  const briefingId = briefings.some((b) => b.id === chosen) ? chosen : (briefings[0]?.id ?? '');
  const steps = briefings.find((b) => b.id === briefingId)?.steps;
  return (
    <div className="briefing idle" data-testid="briefing" data-briefing-id="">
      <p className="notice small">{t('briefing.idle')}</p>
      <div className="briefing-start">
        <label htmlFor={selectId}>{t('briefing.choose')}</label>
        <select id={selectId} data-testid="briefing-choice" value={briefingId} disabled={!allowed} onChange={(e) => setChosen(e.target.value)}>
          {briefings.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name[lng]}
            </option>
          ))}
        </select>
        {/* Beside the select, not in its options: a select cannot wrap, and a phone has no room for both. */}
        {steps !== undefined && (
          <small className="briefing-steps" data-testid="briefing-steps">
            {t('catalog.steps', { count: steps })}
          </small>
        )}
        <CommandButton
          className="primary"
          data-testid="briefing-start"
          pendingKey={`briefing.start:${wallId}`}
          allowed={allowed && briefingId !== ''}
          onSend={() => run('briefing.start', { wallId, briefingId }, { key: `briefing.start:${wallId}` })}
        >
          {(pending) => (pending ? <span className="spinner" aria-hidden="true" /> : t('briefing.start'))}
        </CommandButton>
      </div>
    </div>
  );
}

function StepButton({ wallId, name, label, icon, disabled }: { wallId: string; name: string; label: string; icon: string; disabled: boolean }) {
  const { run } = useConsoleActions();
  const allowed = useAllowed(name);
  const args = { wallId };
  return (
    <CommandButton
      className="step-button"
      data-testid={name.replace('.', '-')}
      pendingKey={commandKey(name, args)}
      allowed={allowed && !disabled}
      onSend={() => run(name, args)}
    >
      {(pending) => (
        <>
          {pending ? <span className="spinner" aria-hidden="true" /> : <span aria-hidden="true">{icon}</span>}
          {label}
        </>
      )}
    </CommandButton>
  );
}
