import { createContext, useContext, useLayoutEffect, useRef, useState } from 'react';
import { useServices } from '../state/hooks';
import { frameBeingCommitted } from '../sync/frame-driver';
import { PaintReporter, paintLog, pushCapped, type ShownTopic } from './paint-log';

/** Identifies the scene a panel belongs to, for the ready tracker. */
export const SceneKeyContext = createContext('');

/**
 * After each commit of a panel, records every topic version it shows for the first time in
 * `window.__wallPaints`, stamped with the time of the next animation frame (the frame that
 * shows it), and tells the ready tracker when the panel first painted with data.
 */
export function usePanelPaint(panelId: string, shown: readonly ShownTopic[], hasData: boolean): void {
  const { ready } = useServices();
  const sceneKey = useContext(SceneKeyContext);
  const [reporter] = useState(() => new PaintReporter());
  const settled = useRef(false);
  useLayoutEffect(() => {
    const fresh = reporter.fresh(shown);
    const settle = hasData && !settled.current;
    if (fresh.length === 0 && !settle) return;
    if (settle) settled.current = true;
    const record = (frameTime: number) => {
      const log = paintLog();
      for (const f of fresh) {
        pushCapped(log, { panelId, topic: f.topic, version: f.version, period: f.point.period, value: f.point.value, frameTime });
      }
      if (settle) ready.settled(sceneKey, panelId);
    };
    // Committed inside a scheduled frame: that frame shows it. Otherwise the next frame does.
    const frame = frameBeingCommitted();
    if (frame !== null) record(frame);
    else requestAnimationFrame((ts) => record(performance.timeOrigin + ts));
  });
}

/** For a panel that failed: it will not paint data, but the tile must not wait for it. */
export function settleFailedPanel(ready: { settled(key: string, id: string): void }, sceneKey: string, panelId: string): void {
  requestAnimationFrame(() => ready.settled(sceneKey, panelId));
}
