import { latestTopic, seriesTopic, type Panel, type Topic } from '@ioc/protocol';

/** The live topics one panel needs. */
export function topicsOfPanel(panel: Panel): Topic[] {
  switch (panel.type) {
    case 'kpi':
    case 'line':
      return [seriesTopic(panel.indicator, panel.unit)];
    case 'ranking':
      return [latestTopic(panel.indicator)];
    case 'table':
      return panel.indicators.map((indicator) => seriesTopic(indicator, panel.unit));
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
