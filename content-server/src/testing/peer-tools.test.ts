import { afterEach, describe, expect, it, vi } from 'vitest';
import { requirePeerTools } from './peer-tools.js';

describe('requirePeerTools', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs the tests when every tool is installed', () => {
    expect(requirePeerTools('t', ['sh'], 'dash', { CI: 'true' })).toEqual({ skip: false, missing: [] });
  });

  it('fails in CI when a tool is missing, naming it and its package', () => {
    expect(() => requirePeerTools('osc', ['sh', 'no-such-tool-ioc'], 'liblo-tools', { CI: 'true' })).toThrow(/osc: no-such-tool-ioc not on PATH \(apt-get install liblo-tools\).*must not be skipped/);
  });

  it('outside CI skips, and prints why', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requirePeerTools('osc', ['no-such-tool-ioc'], 'liblo-tools', {})).toEqual({ skip: true, missing: ['no-such-tool-ioc'] });
    expect(warn).toHaveBeenCalledWith('osc: skipped, no-such-tool-ioc not on PATH (apt-get install liblo-tools)');
  });
});
