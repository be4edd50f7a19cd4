import { panelIndicators, type LayoutErrorsResponse, type LayoutsResponse, type Scene } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { WallDomain } from './index.js';

/** Every indicator some scene shows (drill-down panels included): what a wall device may read. */
export function shownIndicators(scenes: readonly Scene[]): Set<string> {
  const ids = new Set<string>();
  for (const scene of scenes) for (const panel of [...scene.panels, ...(scene.drilldown?.panels ?? [])]) for (const i of panelIndicators(panel)) ids.add(i.id);
  return ids;
}

/**
 * HTTP side of the wall domain: the layouts in use and the problems of the last load. A wall
 * device token gets its own wall only (any scene may be switched onto any wall, so all scenes).
 */
export async function wallRoutes(app: FastifyInstance, wall: WallDomain): Promise<void> {
  app.get('/api/v1/layouts', async (request): Promise<LayoutsResponse> => {
    const all = wall.layouts.snapshot();
    const caller = request.caller;
    if (caller?.kind !== 'device') return all;
    const own = caller.device.wallId;
    return { walls: all.walls.filter((w) => w.id === own), scenes: all.scenes, geometry: Object.fromEntries(Object.entries(all.geometry).filter(([id]) => id === own)) };
  });
  app.get('/api/v1/layouts/errors', async (): Promise<LayoutErrorsResponse> => ({ errors: wall.errors() }));
}
