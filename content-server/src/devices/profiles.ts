import { DeviceProfileSchema, type DeviceProfile, type LayoutIssue } from '@ioc/protocol';
import { readConfigDir } from '../config-dir.js';
import type { Driver } from './driver.js';

/**
 * Device profiles (the documents' "communication rules"): one JSON file per device in
 * `<layouts>/devices/`, validated like layouts: every problem names the file, the JSON path and
 * what was expected; an invalid file is skipped, the others load.
 */
export function readDeviceProfiles(dir: string, driverOf: (name: string) => Driver | null): { profiles: DeviceProfile[]; issues: LayoutIssue[] } {
  const { entries, issues } = readDeviceProfileFiles(dir, driverOf);
  return { profiles: entries.map((e) => e.profile), issues };
}

/** The same, keeping the file each profile came from (for problems found later, e.g. credentials). */
export function readDeviceProfileFiles(dir: string, driverOf: (name: string) => Driver | null): { entries: Array<{ file: string; profile: DeviceProfile }>; issues: LayoutIssue[] } {
  const read = readConfigDir(dir, 'devices', DeviceProfileSchema, (p) => p.id, { path: 'id', what: 'device id' }, (p, file) => profileProblems(p, file, driverOf));
  return { entries: read.entries.map(({ file, value }) => ({ file, profile: value })), issues: read.issues };
}

/** What only device profiles need beyond their schema: a driver of this build that runs over the transport. */
function profileProblems(p: DeviceProfile, file: string, driverOf: (name: string) => Driver | null): LayoutIssue[] {
  const driver = driverOf(p.driver);
  if (!driver) return [{ file, path: 'driver', message: `no driver "${p.driver}" in this build` }];
  if (!driver.transports.includes(p.transport.kind)) {
    return [{ file, path: 'transport.kind', message: `${p.driver} runs over ${driver.transports.join(' or ')}, not ${p.transport.kind}` }];
  }
  // OSC over TCP has two incompatible framings (length prefix, SLIP): the profile must say.
  if (p.driver === 'osc' && p.transport.kind === 'tcp' && !['length', 'slip'].includes(String(p.options?.framing))) {
    return [{ file, path: 'options.framing', message: 'OSC over TCP needs a framing: "length" (OSC 1.0, liblo) or "slip" (OSC 1.1)' }];
  }
  return [];
}
