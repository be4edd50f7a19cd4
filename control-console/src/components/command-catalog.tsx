import { useTranslation } from 'react-i18next';
import type { CatalogCommand, CommandSystem } from '@ioc/protocol';
import { useConsole } from '../use-console.js';
import { CommandCard } from './command-card.js';
import { MacroCard } from './macro-card.js';

/** Room modes first (the one-tap buttons), then the systems in the order an operator needs them. */
const SYSTEM_ORDER: readonly CommandSystem[] = ['room', 'wall', 'briefing', 'display', 'projector', 'matrix', 'audio', 'lighting', 'osc', 'device'];

function groupBySystem(commands: readonly CatalogCommand[]): Array<[string, CatalogCommand[]]> {
  const groups = new Map<string, CatalogCommand[]>();
  // Macros are "room modes" whatever system they name.
  for (const c of commands) {
    const system = c.kind === 'macro' ? 'room' : c.system;
    groups.set(system, [...(groups.get(system) ?? []), c]);
  }
  const rank = (s: string) => {
    const i = (SYSTEM_ORDER as readonly string[]).indexOf(s);
    return i === -1 ? SYSTEM_ORDER.length : i;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b));
}

/**
 * Every command the server's catalog lists, by system: the console knows no command by name
 * here, so a new command or macro on the server shows up without a console release.
 */
export function CommandCatalog() {
  const { t } = useTranslation();
  const catalog = useConsole((s) => s.catalog);
  if (!catalog) {
    return (
      <p className="notice" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('catalog.waiting')}
      </p>
    );
  }
  if (catalog.length === 0) return <p className="notice">{t('catalog.empty')}</p>;
  return (
    <section className="catalog" aria-labelledby="catalog-title" data-testid="command-catalog">
      <h2 id="catalog-title" className="visually-hidden">
        {t('catalog.heading')}
      </h2>
      {groupBySystem(catalog).map(([system, commands]) => (
        <section key={system} className={`catalog-group system-${system}`} data-testid="command-group" data-system={system} aria-labelledby={`system-${system}`}>
          <h3 id={`system-${system}`}>{t(`catalog.systems.${system}`, { defaultValue: system })}</h3>
          {system === 'room' && <p className="group-help">{t('catalog.roomModesHelp')}</p>}
          <div className={system === 'room' ? 'macro-grid' : 'command-grid'}>
            {commands.map((c) => (c.kind === 'macro' ? <MacroCard key={c.name} command={c} /> : <CommandCard key={c.name} command={c} />))}
          </div>
        </section>
      ))}
    </section>
  );
}
