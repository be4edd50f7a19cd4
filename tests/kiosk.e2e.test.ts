// The kiosk launcher supervising the real wall page in headless Chromium: a crashed renderer, a
// hung page and a killed Chromium each come back in the wall's current scene, with its data,
// including a scene commanded while the display was down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type Kiosk } from './support/kiosk.js';
import { createApiKey, enrollCodes, freePort, ingest, sendCommand, startServer, tempDataDir, tempLayouts, type RunningServer } from './support/server.js';

/** A one-display wall with two scenes, each a KPI card (CPI and GDP growth). */
function kioskLayouts() {
  const wall = { id: 'kiosk', name: { vi: 'Tường kiốt', en: 'Kiosk wall' }, grid: { rows: 1, cols: 1 }, resolution: { width: 1920, height: 1080 }, displays: [{ id: 'd1', row: 0, col: 0 }], defaultScene: 'kiosk-a' };
  const scenes = ([['kiosk-a', 'cpi_yoy'], ['kiosk-b', 'gdp_growth']] as const).map(([id, indicator]) => ({
    id,
    name: { vi: `Cảnh ${id}`, en: `Scene ${id}` },
    wall: 'kiosk',
    panels: [{ id: `kpi-${id}`, type: 'kpi', indicator, unit: 'VN', rect: { x: 40, y: 100, w: 900, h: 400 } }],
  }));
  return tempLayouts([wall], scenes);
}

const data = tempDataDir();
const layouts = kioskLayouts();
let server: RunningServer;
let kiosk: Kiosk;
let operatorKey = '';

async function showScene(sceneId: string): Promise<void> {
  expect((await sendCommand(server.url, operatorKey, 'wall.scene.show', { wallId: 'kiosk', sceneId })).status).toBe(200);
}

beforeAll(async () => {
  const ingestKey = createApiKey(data.dir, 'e2e-ingest', 'ingest');
  operatorKey = createApiKey(data.dir, 'e2e-operator', 'operator');
  const code = enrollCodes(data.dir, 'kiosk', ['d1'], layouts.dir).d1!;
  server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir } });
  const res = await ingest(server.url, ingestKey, {
    observations: [
      { indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 3.21, source: 'e2e' },
      { indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', value: 6.54, source: 'e2e' },
    ],
  });
  expect(res.status).toBe(200);
  // Failures here are far apart in the field: a display healthy for 2 s starts a new streak.
  kiosk = await startKiosk({ serverUrl: server.url, wallId: 'kiosk', displayId: 'd1', code, restart: { stableAfterMs: 2000 }, width: 960, height: 540 });
}, 120_000);

afterAll(async () => {
  await kiosk?.stop();
  await server?.stop();
  data.remove();
  layouts.remove();
});

describe('the kiosk launcher keeps the real wall page in its scene', () => {
  it('shows the enrolled display in the scene an operator commands', async () => {
    expect((await kiosk.shown())?.scene).toBe('kiosk-a');
    await showScene('kiosk-b');
    await expect.poll(async () => (await kiosk.shown())?.kpi, { timeout: 10_000 }).toContain('6,54');
    expect((await kiosk.shown())?.scene).toBe('kiosk-b');
  });

  for (const fault of ['crash', 'hang', 'browser'] as const) {
    it(`brings the page back in the current scene with its data after a ${fault === 'browser' ? 'killed Chromium' : fault}`, async () => {
      await new Promise((r) => setTimeout(r, 2500));
      const restarts = kiosk.status().restarts;
      const at = await kiosk.fault(fault);
      const shown = await kiosk.backAfter(at, restarts);
      expect(shown).toMatchObject({ scene: 'kiosk-b', kpi: expect.stringContaining('6,54') });
      expect(kiosk.status()).toMatchObject({ phase: 'running', ready: true });
    }, 60_000);
  }

  it('shows a scene commanded while the display was down', async () => {
    await new Promise((r) => setTimeout(r, 2500));
    const restarts = kiosk.status().restarts;
    const at = await kiosk.fault('browser');
    await showScene('kiosk-a');
    const shown = await kiosk.backAfter(at, restarts);
    expect(shown).toMatchObject({ scene: 'kiosk-a', kpi: expect.stringContaining('3,21') });
  }, 60_000);
});
