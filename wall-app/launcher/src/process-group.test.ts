import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { groupGone, groupMembers } from './process-group.js';

describe('process group', () => {
  it('lists a group started detached, with its child, and sees it gone after SIGKILL', async () => {
    // A shell in its own group that starts a child of its own: two live members.
    const shell = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const pgid = shell.pid!;
    const end = Date.now() + 5000;
    while (groupMembers(pgid).length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(groupMembers(pgid)).toHaveLength(2);
    expect(groupMembers(pgid)).toContain(pgid);

    process.kill(-pgid, 'SIGKILL');
    expect(await groupGone(pgid, 5000)).toBe(true);
    expect(groupMembers(pgid)).toEqual([]);
  });

  it('answers false when the group outlives the wait', async () => {
    const shell = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      expect(await groupGone(shell.pid!, 100)).toBe(false);
    } finally {
      process.kill(-shell.pid!, 'SIGKILL');
    }
  });
});
