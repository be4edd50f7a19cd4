import type { Label, SearchKind, SearchResult } from '@ioc/protocol';
import { fold, words } from './normalize.js';

/** Something one search box can find. */
export interface SearchEntry {
  kind: Exclude<SearchKind, 'series'>;
  id: string;
  label: Label;
  what: Label;
  detail: Label | null;
  /** More words that find it (the id is always one). */
  keywords?: readonly string[];
  /** Added to the score: current provinces before ceased ones, and so on. */
  weight?: number;
  /** Indicators: reported per province (a series `indicator x province` exists). */
  perProvince?: boolean;
}

/**
 * Phrases that mean one word of the catalog, folded: `tăng trưởng` is how people say growth,
 * which the catalog writes `tốc độ tăng` / `growth`.
 */
const PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['tang truong', 'growth'],
  ['xuat khau', 'exports'],
  ['nhap khau', 'imports'],
  ['lam phat', 'cpi'],
  ['inflation', 'cpi'],
  ['gia tieu dung', 'cpi'],
  ['dau tu cong', 'public investment'],
  ['ngan sach', 'budget'],
  ['thu ngan sach', 'revenue'],
  ['chi ngan sach', 'spending'],
  ['that nghiep', 'unemployment'],
  ['ho ngheo', 'poverty'],
  ['tai nan giao thong', 'traffic accidents'],
  ['du lich', 'arrivals'],
  ['tp hcm', 'ho chi minh'],
  ['tphcm', 'ho chi minh'],
  ['hcm', 'ho chi minh'],
  ['sai gon', 'ho chi minh'],
];

/** Words that also find other words: GDP and GRDP are read as one by most people. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  gdp: ['gdp', 'grdp'],
  grdp: ['grdp', 'gdp'],
};

const WHAT_SERIES: Label = { vi: 'Chuỗi số liệu', en: 'Series' };
const NATIONAL_ONLY: Label = { vi: 'Chỉ tiêu này chỉ có số liệu toàn quốc', en: 'This indicator is reported nationally only' };

interface Indexed {
  entry: SearchEntry;
  tokens: readonly string[];
  text: string;
  /** The id folded, when it is one word (`grdp`, `exports`): naming it exactly ranks it first. */
  idWord: string;
}

interface Match {
  at: number;
  /** Which query words it matches (bit per word) and how well. */
  covered: number;
  score: number;
}

/** The query as alternatives per word, after phrases and aliases. */
function parseQuery(q: string): string[][] {
  let folded = ` ${fold(q)} `;
  for (const [phrase, meaning] of PHRASES) folded = folded.split(` ${phrase} `).join(` ${meaning} `);
  return folded
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 12)
    .map((w) => [...(ALIASES[w] ?? [w])]);
}

/**
 * One search over indicators, reporting units, scenes, briefings, commands and devices, in
 * Vietnamese or English, insensitive to diacritics and case. Every word of the query must be
 * found (a whole word scores more than the start of one); a query that names an indicator and a
 * province (`xuat khau ha noi`) also finds that series. Words are found through an inverted
 * index over sorted vocabulary, so a query costs the words it touches, not the size of the index.
 */
export class SearchIndex {
  private readonly items: Indexed[];
  /** Sorted distinct words, and for each the items that have it. */
  private readonly vocabulary: string[];
  private readonly postings = new Map<string, number[]>();

  constructor(entries: readonly SearchEntry[]) {
    this.items = entries.map((entry) => {
      const tokens = [...new Set([...words(entry.label.vi), ...words(entry.label.en), ...words(entry.id), ...(entry.keywords ?? []).flatMap(words)])];
      return { entry, tokens, text: ` ${fold(entry.label.vi)} ${fold(entry.label.en)} `, idWord: fold(entry.id) };
    });
    this.items.forEach((item, i) => {
      for (const t of item.tokens) {
        const list = this.postings.get(t);
        if (list) list.push(i);
        else this.postings.set(t, [i]);
      }
    });
    this.vocabulary = [...this.postings.keys()].sort();
  }

  get size(): number {
    return this.items.length;
  }

  search(q: string, opts: { limit?: number; kinds?: readonly SearchKind[] } = {}): SearchResult[] {
    const query = parseQuery(q);
    if (query.length === 0) return [];
    const all = (1 << query.length) - 1;
    const matches = this.match(query);
    const phrase = ` ${query.map((alts) => alts[0]).join(' ')} `;
    const wanted = (k: SearchKind) => !opts.kinds || opts.kinds.includes(k);
    const results: SearchResult[] = [];
    for (const m of matches.values()) {
      const { entry, text } = this.items[m.at]!;
      if (m.covered !== all || !wanted(entry.kind)) continue;
      const bonus = text.includes(phrase) ? 3 : 0;
      results.push(this.result(entry, m.score + bonus + (entry.weight ?? 0) - entry.label.vi.length / 1000));
    }
    if (wanted('series') && query.length >= 2) results.push(...this.series(matches, all));
    results.sort((a, b) => b.score - a.score || a.label.vi.localeCompare(b.label.vi, 'vi'));
    return results.slice(0, opts.limit ?? 20);
  }

  /** For each item touched by the query, which words it matches and how well. */
  private match(query: string[][]): Map<number, Match> {
    const out = new Map<number, Match>();
    query.forEach((alternatives, word) => {
      const best = new Map<number, number>();
      // A short word is taken whole (`ha` is Hà, not hại), except the last one, still being typed.
      const prefixes = word === query.length - 1 || alternatives.every((a) => a.length >= 3);
      for (const alt of alternatives) {
        for (const token of prefixes ? this.wordsStartingWith(alt) : this.postings.has(alt) ? [alt] : []) {
          for (const at of this.postings.get(token)!) {
            const score = token !== alt ? 2 : this.items[at]!.idWord === alt ? 3.5 : 3;
            if ((best.get(at) ?? 0) < score) best.set(at, score);
          }
        }
      }
      for (const [at, score] of best) {
        const m = out.get(at) ?? { at, covered: 0, score: 0 };
        m.covered |= 1 << word;
        m.score += score;
        out.set(at, m);
      }
    });
    return out;
  }

  /** Vocabulary words equal to `w`, or starting with it when it has two letters or more. */
  private *wordsStartingWith(w: string): Generator<string> {
    if (w.length < 2) {
      if (this.postings.has(w)) yield w;
      return;
    }
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocabulary[mid]! < w) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.vocabulary.length && this.vocabulary[i]!.startsWith(w); i++) yield this.vocabulary[i]!;
  }

  /** Indicator x unit pairs that together match every word, each side at least one. */
  private series(matches: Map<number, Match>, all: number): SearchResult[] {
    const top = (kind: 'indicator' | 'unit') =>
      [...matches.values()]
        .filter((m) => this.items[m.at]!.entry.kind === kind && m.covered !== all)
        .sort((a, b) => b.score - a.score)
        .slice(0, 40);
    const out: SearchResult[] = [];
    for (const i of top('indicator')) {
      const indicator = this.items[i.at]!.entry;
      for (const u of top('unit')) {
        if ((i.covered | u.covered) !== all) continue;
        const unit = this.items[u.at]!.entry;
        // Found anyway, but said: an indicator reported only nationally has no series for a province.
        const national = unit.id !== 'VN' && !indicator.perProvince;
        out.push({
          kind: 'series',
          id: `${indicator.id}:${unit.id}`,
          label: { vi: `${indicator.label.vi} — ${unit.label.vi}`, en: `${indicator.label.en} — ${unit.label.en}` },
          what: WHAT_SERIES,
          detail: national ? NATIONAL_ONLY : indicator.detail,
          // A series answers the whole query: above either of its halves.
          score: i.score + u.score + (national ? 0 : 1) + (unit.weight ?? 0),
          indicator: indicator.id,
          unit: unit.id,
        });
      }
    }
    return out;
  }

  private result(entry: SearchEntry, score: number): SearchResult {
    return { kind: entry.kind, id: entry.id, label: entry.label, what: entry.what, detail: entry.detail, score: Math.round(score * 1000) / 1000 };
  }
}
