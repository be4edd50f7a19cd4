import type { Audit } from '../audit/index.js';
import { positionName } from './device-tokens.js';
import type { WallDevices } from './wall-devices.js';

/** A display enrolled by the demo at start, with its token for the printed URL. */
export interface DemoDisplay {
  wallId: string;
  displayId: string;
  token: string;
}

const DEMO_ACTOR = 'demo';

/**
 * The demo's displays work out of the box: at each start the devices the previous demo run
 * enrolled are revoked and every display of every wall gets a fresh token, printed in its URL
 * (as the demo console key is). Devices a technician enrolled are left alone.
 */
export function enrollDemoDisplays(devices: WallDevices, walls: Array<{ id: string; displays: Array<{ id: string }> }>, audit: Audit): DemoDisplay[] {
  for (const d of devices.tokens.activeBy(DEMO_ACTOR)) {
    devices.revoke(d.id);
    audit.write({ actor: DEMO_ACTOR, action: 'wall.device.revoke', target: `device:${d.id}`, detail: { name: d.name, position: positionName(d) }, ok: true });
  }
  const out: DemoDisplay[] = [];
  for (const wall of walls) {
    for (const display of wall.displays) {
      const position = { wallId: wall.id, displayId: display.id, rendererId: null };
      const { token, device } = devices.tokens.create(position, { name: `demo ${positionName(position)}`, by: DEMO_ACTOR });
      audit.write({ actor: DEMO_ACTOR, action: 'wall.device.enroll', target: `device:${device.id}`, detail: { name: device.name, position: positionName(device) }, ok: true });
      out.push({ wallId: wall.id, displayId: display.id, token });
    }
  }
  return out;
}
