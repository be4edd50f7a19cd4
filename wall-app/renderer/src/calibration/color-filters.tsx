import type { Wall } from '@ioc/protocol';
import { colorFilterId, colorTransfer, correctedDisplays } from './color-filter';

/**
 * The SVG filters of the wall's colour-corrected displays, once per page; each display's view
 * refers to its own (`filter: url(#ioc-color-<id>)`), so the correction applies to everything
 * the display shows: panels, chrome and test patterns. On sRGB values, as the wall file says.
 */
export function ColorFilters({ wall }: { wall: Wall }) {
  const displays = correctedDisplays(wall);
  if (displays.length === 0) return null;
  return (
    <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true">
      <defs>
        {displays.map(({ id, color }) => {
          const t = colorTransfer(color);
          return (
            <filter key={id} id={colorFilterId(id)} data-testid="color-filter" data-display={id} colorInterpolationFilters="sRGB" x="0" y="0" width="100%" height="100%">
              <feComponentTransfer>
                <feFuncR type="gamma" amplitude={t.r.amplitude} exponent={t.r.exponent} offset={t.r.offset} />
                <feFuncG type="gamma" amplitude={t.g.amplitude} exponent={t.g.exponent} offset={t.g.offset} />
                <feFuncB type="gamma" amplitude={t.b.amplitude} exponent={t.b.exponent} offset={t.b.offset} />
              </feComponentTransfer>
            </filter>
          );
        })}
      </defs>
    </svg>
  );
}
