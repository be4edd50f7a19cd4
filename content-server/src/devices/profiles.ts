import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceProfileSchema, type DeviceProfile, type LayoutIssue } from '@ioc/protocol';
import { formatPath } from '../wall/layouts-validate.js';
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
  const issues: LayoutIssue[] = [];
  if (!existsSync(dir)) return { entries, issues };
  const seen = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = `devices/${name}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      issues.push({ file, path: '', message: `invalid JSON: ${(err as Error).message}` });
      continue;
    }
    const r = DeviceProfileSchema.safeParse(json);
    if (!r.success) {
      issues.push(...r.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })));
      continue;
    }
    const p = r.data;
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
    const other = seen.get(p.id);
    if (other) {
      issues.push({ file, path: 'id', message: `device id "${p.id}" is already used by ${other}` });
      continue;
    }
    seen.set(p.id, file);
    entries.push({ file, profile: p });
  }
  return { entries, issues };
}
