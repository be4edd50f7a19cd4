/** Vietnam keeps UTC+7 all year (no daylight saving). */
const HCM_OFFSET_MS = 7 * 3_600_000;

/** ISO 8601 in Asia/Ho_Chi_Minh, e.g. `2026-11-23T21:05:09.120+07:00`, as the audit log shows time. */
export function isoVietnam(epochMs: number): string {
  return new Date(epochMs + HCM_OFFSET_MS).toISOString().replace('Z', '+07:00');
}
