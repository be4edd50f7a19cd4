import { latestTopic, panelIndicators, seriesTopic, type Panel, type Topic } from '@ioc/protocol';

/** The live topics one panel needs. */
export function topicsOfPanel(panel: Panel): Topic[] {
  switch (panel.type) {
    case 'kpi':
    case 'line':
    case 'gauge':
      return [seriesTopic(panel.indicator, panel.unit)];
    case 'ranking':
    case 'map':
      return [latestTopic(panel.indicator)];
    case 'table':
    case 'sparklines':
      return panel.indicators.map((indicator) => seriesTopic(indicator, panel.unit));
    case 'multiples':
      return panel.units.map((unit) => seriesTopic(panel.indicator, unit));
    case 'heat-table':
      return [...new Set(panelIndicators(panel).map((ref) => ref.id))].map((indicator) => latestTopic(indicator));
    // Warnings come with `warnings:snapshot` / `warning:changed`; the globe's data ships with the renderer.
    case 'warnings':
    case 'ticker':
    case 'globe':
      return [];
  }
}

/** The topics the given panels need, each once, sorted. */
export function topicsForPanels(panels: readonly Panel[]): Topic[] {
  return [...new Set(panels.flatMap(topicsOfPanel))].sort();
}

/** What to change when the needed topics change. */
export function diffTopics(held: Iterable<Topic>, needed: Iterable<Topic>): { add: Topic[]; remove: Topic[] } {
  const h = new Set(held);
  const n = new Set(needed);
  return { add: [...n].filter((t) => !h.has(t)).sort(), remove: [...h].filter((t) => !n.has(t)).sort() };
}
