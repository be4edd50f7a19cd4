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
  const entries: Array<{ file: string; profile: DeviceProfile }> = [];
  // Schema and duplicate ids as for every config folder; then what only devices need.
  const read = readConfigDir(dir, 'devices', DeviceProfileSchema, (p) => p.id, { path: 'id', what: 'device id' });
  const issues = read.issues;
  for (const { file, value: p } of read.entries) {
    const driver = driverOf(p.driver);
    if (!driver) {
      issues.push({ file, path: 'driver', message: `no driver "${p.driver}" in this build` });
      continue;
    }
    if (!driver.transports.includes(p.transport.kind)) {
      issues.push({ file, path: 'transport.kind', message: `${p.driver} runs over ${driver.transports.join(' or ')}, not ${p.transport.kind}` });
      continue;
    }
    // OSC over TCP has two incompatible framings (length prefix, SLIP): the profile must say.
    if (p.driver === 'osc' && p.transport.kind === 'tcp' && !['length', 'slip'].includes(String(p.options?.framing))) {
      issues.push({ file, path: 'options.framing', message: 'OSC over TCP needs a framing: "length" (OSC 1.0, liblo) or "slip" (OSC 1.1)' });
      continue;
    }
    entries.push({ file, profile: p });
  }
  return { entries, issues: issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
}
