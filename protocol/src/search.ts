import { z } from 'zod';
import { LabelSchema } from './i18n.js';

/** What a search result is. `series` is an indicator for one unit (`xuat khau ha noi`). */
export const SearchKindSchema = z.enum(['indicator', 'unit', 'series', 'scene', 'briefing', 'command', 'device']);
export type SearchKind = z.infer<typeof SearchKindSchema>;

/** Query of `GET /api/v1/search`. */
export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, { message: 'expected something to search for' }).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Only these kinds, comma-separated (e.g. `indicator,unit`). */
  kinds: z
    .string()
    .transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(SearchKindSchema))
    .optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchResultSchema = z.object({
  kind: SearchKindSchema,
  /** The thing's id: indicator id, unit code, `indicator:unit` for a series, scene id, command name... */
  id: z.string(),
  label: LabelSchema,
  /** What it is, in words ("Chỉ tiêu", "Tỉnh, thành phố"...), and any detail (unit of measure, validity). */
  what: LabelSchema,
  detail: LabelSchema.nullable(),
  score: z.number(),
  /** For a series: the indicator and the unit. */
  indicator: z.string().optional(),
  unit: z.string().optional(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchResponseSchema = z.object({ query: z.string(), results: z.array(SearchResultSchema) });
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
