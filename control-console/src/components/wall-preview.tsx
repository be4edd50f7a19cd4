import type { DisplayPresence, WallOutline } from '@ioc/protocol';
import { useTranslation } from 'react-i18next';

/**
 * The wall, live, as a miniature: the wall's own page on its whole canvas (`/wall/?canvas=1`),
 * drawn by the same widgets from the same state and live data as the displays, framed here as a
 * preview (the console's credential, never a display: content-server `wall-preview.ts`). Over it,
 * each display's outline where it sits on the canvas, in its state's colour (connected or not).
 * The frame takes the canvas's proportions, so the outlines fall on the picture exactly.
 */
export function WallPreview({ wallId, name, outline, displays }: { wallId: string; name: string; outline: WallOutline; displays: readonly DisplayPresence[] }) {
  const { t } = useTranslation();
  const { width, height } = outline.canvas;
  if (width <= 0 || height <= 0) return null;
  const connected = new Map(displays.map((d) => [d.displayId, d.connected]));
  // The console's own server (same origin: the frame shares the console's session storage).
  const src = `/wall/?wall=${encodeURIComponent(wallId)}&canvas=1&preview=1`;
  return (
    <figure className="wall-preview" data-testid="wall-preview" data-wall-id={wallId} style={{ aspectRatio: `${width} / ${height}` }}>
      <iframe className="wall-preview-frame" src={src} title={t('wall.previewTitle', { wall: name })} loading="lazy" data-testid="wall-preview-frame" />
      <svg className="wall-preview-outline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {outline.displays.map((d) => (
          <rect
            key={d.id}
            className={connected.get(d.id) ? 'preview-display connected' : 'preview-display disconnected'}
            data-testid="preview-display"
            data-display-id={d.id}
            data-connected={String(connected.get(d.id) === true)}
            x={d.viewport.x}
            y={d.viewport.y}
            width={d.viewport.width}
            height={d.viewport.height}
          />
        ))}
      </svg>
    </figure>
  );
}
