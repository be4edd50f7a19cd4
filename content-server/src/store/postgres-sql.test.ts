import { describe, expect, it } from 'vitest';
import { reconnectDelayS } from './postgres-sql.js';

describe('reconnecting to PostgreSQL after a failover', () => {
  it('tries again soon, and never waits more than half a second however long the database was away', () => {
    const delays = Array.from({ length: 40 }, (_, i) => reconnectDelayS(i + 1));
    expect(delays[0]).toBe(0.025);
    expect(delays.slice(0, 5)).toEqual([0.025, 0.05, 0.1, 0.2, 0.4]);
    // A failover refuses connections for seconds: dozens of attempts; the next one stays close.
    expect(Math.max(...delays)).toBe(0.5);
    expect(delays.reduce((sum, d) => sum + d, 0), 'time spent waiting over 40 refused attempts').toBeLessThan(20);
  });
});
