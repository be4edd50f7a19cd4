import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Driver } from './driver.js';
import { readDeviceProfiles } from './profiles.js';

const tcpOnly = { name: 'pjlink', transports: ['tcp'], commands: {}, oneInFlight: true, createCodec: () => { throw new Error('unused'); } } as unknown as Driver;
const driverOf = (name: string) => (name === 'pjlink' ? tcpOnly : null);

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-devices-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

const projector = { id: 'proj-1', name: { vi: 'Máy chiếu 1', en: 'Projector 1' }, driver: 'pjlink', transport: { kind: 'tcp', host: '10.0.0.5', port: 4352 }, credentials: { passwordEnv: 'PJLINK_PASSWORD' } };

describe('readDeviceProfiles', () => {
  it('loads valid profiles with their timing defaults', () => {
    const { profiles, issues } = readDeviceProfiles(dirWith({ 'proj-1.json': projector }), driverOf);
    expect(issues).toEqual([]);
    expect(profiles).toEqual([expect.objectContaining({ id: 'proj-1', timing: { gapMs: 50, replyTimeoutMs: 2000, maxRetries: 3, backoffMs: 250, commandGapMs: {} } })]);
  });

  it('names the file, the JSON path and what was expected for each problem, and loads the rest', () => {
    const { profiles, issues } = readDeviceProfiles(
      dirWith({
        'a.json': projector,
        'b.json': { ...projector, id: 'proj-2', transport: { kind: 'tcp', host: 'h', port: 70000 } },
        'c.json': { ...projector, id: 'proj-3', transport: { kind: 'serial', path: '/dev/ttyS0' } },
        'd.json': { ...projector, driver: 'samsung-mdc', id: 'disp-1' },
        'e.json': projector,
        'f.json': '{ "id": ',
      }),
      driverOf,
    );
    expect(profiles.map((p) => p.id)).toEqual(['proj-1']);
    expect(issues).toEqual([
      { file: 'devices/b.json', path: 'transport.port', message: expect.stringMatching(/65535/) },
      { file: 'devices/c.json', path: 'transport.kind', message: 'pjlink runs over tcp, not serial' },
      { file: 'devices/d.json', path: 'driver', message: 'no driver "samsung-mdc" in this build' },
      { file: 'devices/e.json', path: 'id', message: 'device id "proj-1" is already used by devices/a.json' },
      { file: 'devices/f.json', path: '', message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it('asks an OSC-over-TCP profile to name its framing', () => {
    const osc = { name: 'osc', transports: ['udp', 'tcp'], commands: {}, oneInFlight: false } as unknown as Driver;
    const mixer = { id: 'mixer', name: { vi: 'Bàn trộn', en: 'Mixer' }, driver: 'osc', transport: { kind: 'tcp', host: 'h', port: 10023 } };
    const { profiles, issues } = readDeviceProfiles(dirWith({ 'a.json': mixer, 'b.json': { ...mixer, id: 'mixer-2', options: { framing: 'slip' } } }), () => osc);
    expect(profiles.map((p) => p.id)).toEqual(['mixer-2']);
    expect(issues).toEqual([{ file: 'devices/a.json', path: 'options.framing', message: expect.stringMatching(/needs a framing/) }]);
  });

  it('treats a missing devices folder as a room without devices', () => {
    expect(readDeviceProfiles('/nonexistent/devices', driverOf)).toEqual({ profiles: [], issues: [] });
  });
});
