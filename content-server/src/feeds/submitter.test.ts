import { describe, expect, it } from 'vitest';
import type { StoredObservation } from '../store/index.js';
import { forOtherUnits, submitterActor, submitterOfKey, submitterOfUser } from './submitter.js';

const user = { id: 7, username: 'hanoi.clerk', displayName: 'Hà Nội', role: 'viewer', provider: 'local', subject: null, hasPassword: true, createdAt: 0, disabledAt: null } as const;
const key = { id: 3, name: 'hanoi-stats', role: 'ingest', synthetic: false, unit: '01', createdAt: 0, revokedAt: null } as const;
const rows = (...units: string[]) => units.map((unit) => ({ unit }) as StoredObservation);

describe('submitter', () => {
  it('makes a submitter of a unit user only, never with a key id or synthetic data', () => {
    expect(submitterOfUser({ ...user, unit: null })).toBeNull();
    const s = submitterOfUser({ ...user, unit: '01' });
    expect(s).toEqual({ kind: 'user', name: 'hanoi.clerk', apiKeyId: null, synthetic: false, unit: '01' });
    expect(submitterActor(s!)).toBe('user:hanoi.clerk');
    expect(submitterActor(submitterOfKey(key))).toBe('key:hanoi-stats');
  });

  it("names each foreign row with the submitter's kind, in both languages; a key of no unit sends for any", () => {
    expect(forOtherUnits(rows('01', '79'), submitterOfUser({ ...user, unit: '01' })!)).toEqual([
      { index: 1, field: 'unit', message: 'user "hanoi.clerk" reports for unit "01" only, not for unit "79"', text: { en: 'user "hanoi.clerk" reports for unit "01" only, not for unit "79"', vi: 'Người dùng "hanoi.clerk" chỉ được gửi số liệu của đơn vị "01", không phải của đơn vị "79"' } },
    ]);
    expect(forOtherUnits(rows('79'), submitterOfKey(key))[0]?.text?.vi).toBe('Khóa "hanoi-stats" chỉ được gửi số liệu của đơn vị "01", không phải của đơn vị "79"');
    expect(forOtherUnits(rows('01', '79', 'VN'), submitterOfKey({ ...key, unit: null }))).toEqual([]);
  });
});
