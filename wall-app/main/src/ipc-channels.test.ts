import { describe, expect, it } from 'vitest';
import { IpcSenderGuard, isIpcChannel, parseHeartbeat } from './ipc-channels.js';

describe('ipc channels', () => {
  it('accepts only known channels from the main frame of windows main created', () => {
    const guard = new IpcSenderGuard();
    guard.register(7);
    expect(isIpcChannel('wall:heartbeat')).toBe(true);
    expect(guard.accepts(7, 'wall:heartbeat', true)).toBe(true);
    expect(guard.accepts(8, 'wall:heartbeat', true)).toBe(false);
    expect(guard.accepts(7, 'wall:heartbeat', false)).toBe(false);
    expect(guard.accepts(7, 'shell:exec', true)).toBe(false);
    guard.unregister(7);
    expect(guard.accepts(7, 'wall:heartbeat', true)).toBe(false);
  });

  it('reads heartbeat payloads, treating malformed ones as not ready', () => {
    expect(parseHeartbeat({ ready: true })).toEqual({ ready: true });
    expect(parseHeartbeat(undefined)).toEqual({ ready: false });
    expect(parseHeartbeat({ ready: 'yes' })).toEqual({ ready: false });
    expect(parseHeartbeat({ ready: true, exec: 'rm -rf /' })).toEqual({ ready: false });
  });
});
