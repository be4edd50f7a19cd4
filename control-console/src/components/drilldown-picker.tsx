import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Choice } from '@ioc/protocol';
import { choiceLabel, searchChoices } from '../choice-search.js';
import { commandKey } from '../console-store.js';
import { useAllowed, useCatalogCommand, useConsoleActions, useLng } from '../use-console.js';
import { CommandButton } from './command-button.js';

const NO_UNITS: readonly Choice[] = [];

/**
 * Drill-down (`wall.drilldown`): put one province on the wall, or the whole country back. The
 * provinces are the catalog's `unit` choices; the search folds accents, so `da nang` finds
 * "Đà Nẵng" on a touch keyboard.
 */
export function DrilldownPicker({ wallId, focus }: { wallId: string; focus: string | null }) {
  const { t } = useTranslation();
  const lng = useLng();
  const command = useCatalogCommand('wall.drilldown');
  const units = command?.choices['unit'] ?? NO_UNITS;
  const [query, setQuery] = useState('');
  const searchId = useId();
  const shown = useMemo(() => searchChoices(units, query, lng), [units, query, lng]);
  if (!command) return null;
  const current = focus === null ? t('wall.wholeCountry') : choiceLabel(units, focus, lng);
  return (
    <div className="drilldown">
      <p className="now-focus">
        <strong data-testid="current-focus" data-unit={focus ?? ''}>
          {current}
        </strong>
      </p>
      <label className="search" htmlFor={searchId}>
        <span className="visually-hidden">{t('wall.searchUnit')}</span>
        <input
          id={searchId}
          type="search"
          data-testid="unit-search"
          placeholder={t('wall.searchUnit')}
          value={query}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <div className="unit-grid" role="group" aria-label={t('wall.focus')}>
        <DrilldownButton wallId={wallId} unit={null} label={t('wall.wholeCountry')} current={focus === null} allowed={command.allowed} className="unit-button whole" data-testid="unit-button" data-unit="" />
        {shown.map((u) => (
          <DrilldownButton key={String(u.value)} wallId={wallId} unit={String(u.value)} label={u.label[lng]} current={focus === String(u.value)} allowed={command.allowed} className="unit-button" data-testid="unit-button" data-unit={String(u.value)} />
        ))}
      </div>
      {shown.length === 0 && <p className="notice small">{t('wall.noUnitMatch')}</p>}
    </div>
  );
}

/** A `wall.drilldown` button: puts `unit` (null: the whole country) on a wall, pressed while it is there. */
export function DrilldownButton({
  wallId,
  unit,
  label,
  current,
  allowed,
  ...rest
}: { wallId: string; unit: string | null; label: string; current: boolean; allowed: boolean; className: string } & { [data: `data-${string}`]: string }) {
  const { run } = useConsoleActions();
  const args = { wallId, unit };
  return (
    <CommandButton
      {...rest}
      pendingKey={commandKey('wall.drilldown', args)}
      pressed={current}
      allowed={allowed}
      onSend={() => run('wall.drilldown', args)}
    >
      {(pending) => (
        <>
          {pending && <span className="spinner" aria-hidden="true" />}
          {label}
        </>
      )}
    </CommandButton>
  );
}
