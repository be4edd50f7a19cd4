import { SearchQuerySchema, type Catalog, type Label, type SearchResponse } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { CommandCatalog } from '../commands/index.js';
import type { DevicesDomain } from '../devices/index.js';
import { describeIssues } from '../describe-issues.js';
import { apiError } from '../http/errors.js';
import type { WallDomain } from '../wall/index.js';
import { SearchIndex, type SearchEntry } from './search-index.js';

export { SearchIndex, type SearchEntry } from './search-index.js';
export { fold, words } from './normalize.js';

const WHAT = {
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  nation: { vi: 'Toàn quốc', en: 'Whole country' },
  province: { vi: 'Tỉnh, thành phố', en: 'Province or city' },
  agency: { vi: 'Bộ, ngành', en: 'Ministry or agency' },
  scene: { vi: 'Kịch bản màn hình', en: 'Scene' },
  briefing: { vi: 'Bài trình bày', en: 'Briefing' },
  command: { vi: 'Lệnh', en: 'Command' },
  macro: { vi: 'Kịch bản phòng', en: 'Room mode' },
  device: { vi: 'Thiết bị', en: 'Device' },
} satisfies Record<string, Label>;

/** How long a built index serves before the sources are read again (layouts and macros change rarely). */
const INDEX_TTL_MS = 2000;

/** Every indicator and reporting unit of the catalog; a unit that ceased says until when. */
export function catalogEntries(catalog: Catalog): SearchEntry[] {
  const entries: SearchEntry[] = catalog.indicators.map((i) => ({
    kind: 'indicator',
    id: i.id,
    label: i.name,
    what: WHAT.indicator,
    detail: i.unitLabel,
    keywords: [i.reportedBy],
    perProvince: i.levels.includes('P'),
  }));
  // A code names one unit at a time (Hà Nội is 01 before and after 2025): the open vintage wins.
  const byCode = new Map<string, Catalog['units'][number]>();
  for (const u of catalog.units) {
    const held = byCode.get(u.code);
    if (!held || (held.validTo !== null && (u.validTo === null || u.validTo > held.validTo))) byCode.set(u.code, u);
  }
  for (const u of byCode.values()) {
    const current = u.validTo === null;
    entries.push({
      kind: 'unit',
      id: u.code,
      label: { vi: u.name, en: u.nameAscii },
      what: u.kind === 'nation' ? WHAT.nation : u.kind === 'agency' ? WHAT.agency : WHAT.province,
      detail: current ? null : { vi: `đến ${u.validTo}`, en: `until ${u.validTo}` },
      weight: current ? 0.5 : 0,
    });
  }
  return entries;
}

/**
 * The search domain: one index over the catalog, the layouts (scenes, briefings), the command
 * catalog and the devices, rebuilt from them at most every two seconds; `GET /api/v1/search`.
 */
export class SearchDomain {
  private cached: { index: SearchIndex; at: number } | null = null;

  constructor(private readonly sources: { catalog: Catalog; wall: WallDomain; commands: CommandCatalog; devices: DevicesDomain; now?: () => number }) {}

  index(): SearchIndex {
    const now = (this.sources.now ?? Date.now)();
    if (!this.cached || now - this.cached.at > INDEX_TTL_MS) this.cached = { index: new SearchIndex(this.entries()), at: now };
    return this.cached.index;
  }

  private entries(): SearchEntry[] {
    const { catalog, wall, commands, devices } = this.sources;
    return [
      ...catalogEntries(catalog),
      ...wall.layouts.scenes().map((s): SearchEntry => ({ kind: 'scene', id: s.id, label: s.name, what: WHAT.scene, detail: null })),
      ...wall.briefings().map((b): SearchEntry => ({ kind: 'briefing', id: b.id, label: b.name, what: WHAT.briefing, detail: { vi: `${b.steps.length} bước`, en: `${b.steps.length} steps` } })),
      ...commands.all().map((c): SearchEntry => ({ kind: 'command', id: c.name, label: c.label, what: 'macro' in c ? WHAT.macro : WHAT.command, detail: c.help, keywords: [c.system] })),
      ...devices.list().map((d): SearchEntry => ({ kind: 'device', id: d.id, label: d.name, what: WHAT.device, detail: null, keywords: [d.driver] })),
    ];
  }

  async routes(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/search', async (request, reply): Promise<SearchResponse | void> => {
      const q = SearchQuerySchema.safeParse(request.query);
      if (!q.success) return reply.code(400).send(apiError('query', describeIssues(q.error.issues)));
      const results = this.index().search(q.data.q, { limit: q.data.limit, ...(q.data.kinds && { kinds: q.data.kinds }) });
      return { query: q.data.q, results };
    });
  }
}
