import { describe, expect, it } from 'vitest';
import { previewCredential } from './preview';

const storage = (value: string | null) => ({ getItem: (k: string) => (k === 'ioc.console.key' ? value : null) });

describe("a console's preview of the wall", () => {
  it("takes the console's credential from its session storage, not from the address", () => {
    expect(previewCredential('?wall=main&canvas=1&preview=1', storage('ios_abc'))).toEqual({ credential: 'ios_abc' });
    expect(previewCredential('?wall=main&canvas=1&preview=1&token=ios_evil', storage(null))).toEqual({ credential: null });
  });

  it('is no preview without the word', () => {
    expect(previewCredential('?wall=main&display=d1', storage('ios_abc'))).toBeNull();
    expect(previewCredential('?wall=main&preview=0', storage('ios_abc'))).toBeNull();
  });
});
