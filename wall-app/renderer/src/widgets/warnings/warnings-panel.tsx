import { formatPeriodShort } from '../../format/format';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useLang, useSyntheticReport, useTheme, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { inkOn } from '../heat-table/heat-model';
import { useBoxSize } from '../use-box-size';
import { PanelFrame } from '../panel-frame';
import { useWallMinute } from './use-wall-minute';
import { ackWho, anySyntheticWarning, clockTime, fitWarnings, relativeAge, severityColor, severityLabel, splitMessage, wmsg } from './warnings-list-model';

/** Height of one warning in the list, px (three lines: badge and names, the message on two lines, period and state). */
const ITEM_H = 152;
const ITEM_GAP = 10;
const MORE_H = 36;
const NO_TOPICS: readonly [] = [];

/** The open (and acknowledged, not yet resolved) warnings, most severe first, up to `max`. */
export function WarningsPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'warnings') throw new Error(`warnings widget given a ${panel.type} panel`);
  const lang = useLang();
  const theme = useTheme();
  const warnings = useWall((s) => s.warnings);
  const minute = useWallMinute(warnings.length > 0);
  const [listRef, box] = useBoxSize<HTMLDivElement>();
  const fit = box ? fitWarnings(warnings.length, panel.max, box.height, ITEM_H, MORE_H) : null;
  const shown = fit ? warnings.slice(0, fit.shown) : [];
  // No live topics: the panel has painted once its list is laid out (an empty list too).
  usePanelPaint(panel.id, NO_TOPICS, fit !== null);
  useSyntheticReport(panel.id, anySyntheticWarning(shown));

  const acknowledged = warnings.filter((w) => w.state === 'acknowledged').length;
  const title = panel.title?.[lang] ?? wmsg(lang, 'title');
  const subtitle =
    warnings.length === 0 ? undefined : acknowledged > 0 ? wmsg(lang, 'countAcknowledged', { count: warnings.length, acknowledged }) : wmsg(lang, 'count', { count: warnings.length });

  return (
    <PanelFrame placed={placed} state="ready" title={title} subtitle={subtitle}>
      <div ref={listRef} style={{ flex: 1, minHeight: 0, overflow: 'hidden', marginTop: 12 }}>
        {warnings.length === 0 ? (
          <div data-testid="warnings-empty" style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 14, fontSize: 30, color: theme.muted }}>
            <span aria-hidden="true" style={{ color: theme.good, fontSize: 34 }}>
              ✓
            </span>
            {wmsg(lang, 'empty')}
          </div>
        ) : (
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {shown.map((w) => {
              const color = severityColor(w.severity, theme);
              const { unit, indicator, body } = splitMessage(w, lang);
              const acked = w.state === 'acknowledged';
              const who = ackWho(w.ackBy);
              return (
                <li
                  key={w.id}
                  data-testid="warning-item"
                  data-warning-id={w.id}
                  data-severity={w.severity}
                  data-state={w.state}
                  style={{
                    height: ITEM_H - ITEM_GAP,
                    marginBottom: ITEM_GAP,
                    boxSizing: 'border-box',
                    padding: '8px 14px 8px 16px',
                    borderLeft: `8px solid ${color}`,
                    borderRadius: 8,
                    background: theme.stripe,
                    display: 'flex',
                    flexDirection: 'column',
                    gap: 4,
                    overflow: 'hidden',
                  }}
                >
                  <div style={{ display: 'flex', alignItems: 'center', gap: 12, minWidth: 0, height: 36 }}>
                    <span
                      data-testid="warning-badge"
                      style={{ flexShrink: 0, background: color, color: inkOn(color), fontSize: 22, fontWeight: 700, letterSpacing: '0.04em', padding: '1px 10px', borderRadius: 6 }}
                    >
                      {severityLabel(w.severity, lang)}
                    </span>
                    {/* The place never gets cut: the indicator's name gives way first. */}
                    <span style={{ flex: 1, minWidth: 0, display: 'flex', gap: 8, fontSize: 24, color: theme.text, whiteSpace: 'nowrap' }}>
                      <span data-testid="warning-unit" style={{ flexShrink: 0, maxWidth: '60%', fontWeight: 700, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                        {unit}
                      </span>
                      <span style={{ minWidth: 0, fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis' }}>— {indicator}</span>
                    </span>
                    <span data-testid="warning-age" style={{ flexShrink: 0, fontSize: 22, color: theme.muted, whiteSpace: 'nowrap' }}>
                      {relativeAge(minute - w.raisedAt, lang)} · {clockTime(w.raisedAt, lang)}
                    </span>
                  </div>
                  <div style={{ fontSize: 22, lineHeight: 1.25, color: theme.text, display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>{body}</div>
                  <div style={{ fontSize: 20, color: theme.muted, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {wmsg(lang, 'period', { period: formatPeriodShort(w.period, lang) })}
                    {' · '}
                    <span data-testid="warning-state" style={{ color: acked ? theme.good : theme.warn, fontWeight: 600 }}>
                      {acked ? `✓ ${who ? wmsg(lang, 'acknowledgedBy', { who }) : wmsg(lang, 'acknowledged')}` : `● ${wmsg(lang, 'open')}`}
                    </span>
                  </div>
                </li>
              );
            })}
            {fit && fit.more > 0 ? (
              <li data-testid="warnings-more" style={{ height: MORE_H, display: 'flex', alignItems: 'center', fontSize: 22, fontWeight: 600, color: theme.muted }}>
                {wmsg(lang, 'more', { count: fit.more })}
              </li>
            ) : null}
          </ol>
        )}
      </div>
    </PanelFrame>
  );
}
