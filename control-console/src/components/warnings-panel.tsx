import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Warning } from '@ioc/protocol';
import { formatLastSeen } from '../format-time.js';
import { useCatalogCommand, useConsole, useLng } from '../use-console.js';
import { canAcknowledge, warningsStore } from '../warnings-store.js';
import { DrilldownButton } from './drilldown-picker.js';

/** The warnings not resolved, live from the server; operators and above acknowledge them here. */
export function WarningsPanel() {
  const { t } = useTranslation();
  const warnings = useStore(warningsStore, (s) => s.warnings);
  return (
    <section className="warnings-panel" aria-labelledby="warnings-title" data-testid="warnings-panel">
      <h2 id="warnings-title">{t('warnings.heading')}</h2>
      {warnings.length === 0 ? (
        <p className="notice">{t('warnings.none')}</p>
      ) : (
        <ul className="warning-list">
          {warnings.map((w) => (
            <WarningItem key={w.id} warning={w} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WarningItem({ warning: w }: { warning: Warning }) {
  const { t } = useTranslation();
  const lng = useLng();
  const mayAck = useConsole((s) => canAcknowledge(s.whoami?.role));
  const pending = useStore(warningsStore, (s) => s.pending[w.id] === true);
  const error = useStore(warningsStore, (s) => (s.error?.id === w.id ? s.error.message : null));
  const now = Date.now();
  return (
    <li className={`warning-item severity-${w.severity} state-${w.state}`} data-testid="warning" data-id={w.id} data-state={w.state}>
      <div className="warning-head">
        <span className="warning-severity">{t(`warnings.severity.${w.severity}`)}</span>
        <span className="warning-rule">{t(`warnings.rule.${w.rule}`)}</span>
        <strong>{w.indicatorName[lng]}</strong>
        <span>
          {w.unitName[lng]} · {w.period}
        </span>
      </div>
      <p className="warning-message">{w.message[lng]}</p>
      <div className="warning-foot">
        <span className="muted">{t('warnings.raisedAt', { time: formatLastSeen(w.raisedAt, now, lng) })}</span>
        {w.state === 'acknowledged' && w.ackBy !== null && w.ackAt !== null ? (
          <span className="warning-acked" data-testid="warning-acked">
            {t('warnings.acknowledgedBy', { who: w.ackBy, time: formatLastSeen(w.ackAt, now, lng) })}
            {w.ackNote ? ` — ${w.ackNote}` : ''}
          </span>
        ) : (
          mayAck && (
            <button type="button" className="warning-ack" data-testid="warning-ack" disabled={pending} onClick={() => warningsStore.getState().acknowledge(w.id)}>
              {pending ? t('warnings.acknowledging') : t('warnings.acknowledge')}
            </button>
          )
        )}
      </div>
      <ShowOnWall unit={w.unit} />
      {error && (
        <p className="warning-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * Drill-down from a warning: one button per wall puts the warning's province on it
 * (`wall.drilldown`: the map flies there and the province's panel set opens). Only for units
 * the drill-down accepts (provinces), and only for roles allowed to run it.
 */
function ShowOnWall({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const lng = useLng();
  const command = useCatalogCommand('wall.drilldown');
  const walls = useConsole((s) => s.state?.walls ?? []);
  if (!command || !command.choices['unit']?.some((c) => String(c.value) === unit)) return null;
  return (
    <div className="warning-walls">
      {walls.map((wall) => (
        <DrilldownButton
          key={wall.wallId}
          wallId={wall.wallId}
          unit={unit}
          label={t('warnings.showOnWall', { wall: wall.name[lng] })}
          current={wall.focus === unit}
          allowed={command.allowed}
          className="warning-show"
          data-testid="warning-show"
          data-wall={wall.wallId}
        />
      ))}
    </div>
  );
}
