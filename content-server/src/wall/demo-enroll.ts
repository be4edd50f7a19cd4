import type { Audit } from '../audit/index.js';
import { positionName } from './device-tokens.js';
import type { WallDevices } from './wall-devices.js';

/** A display enrolled by the demo at start: its token (tests), and the code for its printed URL. */
export interface DemoDisplay {
  wallId: string;
  displayId: string;
  token: string;
  /** Traded once by the page for a token of its own (which replaces `token`). */
  code: string;
}

/** The demo's printed codes outlive a coffee break (still single-use); `ops` codes last minutes. */
const DEMO_CODE_TTL_MS = 12 * 3_600_000;

const DEMO_ACTOR = 'demo';

/**
 * The demo's displays work out of the box: at each start the devices the previous demo run
 * enrolled are revoked and every display of every wall is enrolled afresh, with a single-use
 * code printed in its URL (never the token). Devices a technician enrolled are left alone.
 */
export async function enrollDemoDisplays(devices: WallDevices, walls: Array<{ id: string; displays: Array<{ id: string }> }>, audit: Audit): Promise<DemoDisplay[]> {
  for (const d of await devices.tokens.activeBy(DEMO_ACTOR)) {
    await devices.revoke(d.id);
    await audit.write({ actor: DEMO_ACTOR, action: 'wall.device.revoke', target: `device:${d.id}`, detail: { name: d.name, position: positionName(d) }, ok: true });
  }
  const out: DemoDisplay[] = [];
  for (const wall of walls) {
    for (const display of wall.displays) {
      const position = { wallId: wall.id, displayId: display.id, rendererId: null };
      const { token, device } = await devices.tokens.create(position, { name: `demo ${positionName(position)}`, by: DEMO_ACTOR });
      await audit.write({ actor: DEMO_ACTOR, action: 'wall.device.enroll', target: `device:${device.id}`, detail: { name: device.name, position: positionName(device) }, ok: true });
      out.push({ wallId: wall.id, displayId: display.id, token, code: await devices.enrollCodes.issue(device.id, { ttlMs: DEMO_CODE_TTL_MS }) });
    }
  }
  return out;
}
