import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from './target.js';

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

describe('the attack target', () => {
  it('signs in one user per role and answers health', async () => {
    expect(Object.keys(target.sessions)).toEqual(['viewer', 'operator', 'presenter', 'technician', 'admin']);
    expect(await target.alive()).toBe(true);
    expect(target.count('users')).toBe(5);
  });
});
