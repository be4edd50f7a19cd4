import type { Warning } from '@ioc/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXTURE_WARNINGS, fixtureWarning } from '../gallery/fixtures/warnings';
import { applyWarningChange, compareWarnings, warningsFromSnapshot } from './warnings-model';

const [critical, warning, info] = FIXTURE_WARNINGS as [Warning, Warning, Warning];
const ids = (ws: readonly Warning[]) => ws.map((w) => w.id);

describe('warnings model', () => {
  afterEach(() => vi.restoreAllMocks());

  it('orders by severity, then the most recently raised first', () => {
    const olderCritical = { ...critical, id: 5, raisedAt: critical.raisedAt - 3_600_000 };
    expect(ids([info, olderCritical, warning, critical].sort(compareWarnings))).toEqual([41, 5, 38, 27]);
  });

  it('a snapshot replaces the list, sorted, without resolved or invalid entries', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const resolved = { ...info, id: 99, state: 'resolved' as const, resolvedAt: info.raisedAt + 1 };
    const got = warningsFromSnapshot({ warnings: [info, resolved, { id: 'bad' }, critical, warning] });
    expect(ids(got)).toEqual([41, 38, 27]);
    expect(ids(warningsFromSnapshot({ warnings: [] }))).toEqual([]);
    expect(warningsFromSnapshot(null)).toEqual([]);
  });

  it('a raised warning is inserted in order; an update replaces it by id', () => {
    let held: readonly Warning[] = [warning, info];
    held = applyWarningChange(held, { change: 'raised', warning: critical });
    expect(ids(held)).toEqual([41, 38, 27]);
    const escalated = { ...info, severity: 'critical' as const, updatedAt: info.updatedAt + 1000 };
    held = applyWarningChange(held, { change: 'updated', warning: escalated });
    expect(ids(held)).toEqual([41, 27, 38]);
    expect(held.find((w) => w.id === 27)?.severity).toBe('critical');
    expect(held).toHaveLength(3);
  });

  it('an acknowledged warning stays, with its new state', () => {
    const acked = { ...critical, state: 'acknowledged' as const, ackBy: 'user:lan', ackRole: 'operator', ackAt: critical.raisedAt + 60_000, updatedAt: critical.raisedAt + 60_000 };
    const held = applyWarningChange([critical, warning], { change: 'acknowledged', warning: acked });
    expect(held.map((w) => [w.id, w.state])).toEqual([
      [41, 'acknowledged'],
      [38, 'acknowledged'],
    ]);
  });

  it('a resolved warning leaves the list; one not held changes nothing', () => {
    const held: readonly Warning[] = [critical, warning, info];
    const resolved = { ...warning, state: 'resolved' as const, resolvedAt: warning.updatedAt + 1, updatedAt: warning.updatedAt + 1 };
    expect(ids(applyWarningChange(held, { change: 'resolved', warning: resolved }))).toEqual([41, 27]);
    const other = fixtureWarning({ ...info, id: 500, raisedAt: info.raisedAt });
    const gone = { ...other, state: 'resolved' as const, resolvedAt: 1 };
    expect(applyWarningChange(held, { change: 'resolved', warning: gone })).toBe(held);
  });

  it('ignores a change older than the warning held, and an invalid change', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const held: readonly Warning[] = [critical];
    const stale = { ...critical, severity: 'info' as const, updatedAt: critical.updatedAt - 1 };
    expect(applyWarningChange(held, { change: 'updated', warning: stale })).toBe(held);
    expect(applyWarningChange(held, { change: 'raised', warning: { id: 1 } })).toBe(held);
  });
});
