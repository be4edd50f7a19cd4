import { describe, expect, it } from 'vitest';
import type { CommandEnvelope, CommandResult, ConsoleState } from '@ioc/protocol';
import { createConsoleStore, sceneKey, languageKey, type ConsoleStoreOptions } from './console-store.js';

const STATE: ConsoleState = {
  walls: [
    {
      wallId: 'main',
      name: { vi: 'Màn hình chính', en: 'Main wall' },
      sceneId: 'overview',
      language: 'vi',
      displays: [
        { displayId: 'd1', connected: true, lastSeen: 1_700_000_000_000 },
        { displayId: 'd2', connected: false, lastSeen: null },
      ],
    },
  ],
  scenes: [
    { id: 'overview', name: { vi: 'Tổng quan', en: 'Overview' }, wall: 'main' },
    { id: 'economy', name: { vi: 'Kinh tế', en: 'Economy' }, wall: 'main' },
  ],
};

/** A transport whose acks the test answers by hand. */
function manualTransport() {
  const sent: CommandEnvelope[] = [];
  const answers: Array<{ resolve: (r: CommandResult) => void; reject: (e: Error) => void }> = [];
  const transport = (command: CommandEnvelope) =>
    new Promise<CommandResult>((resolve, reject) => {
      sent.push(command);
      answers.push({ resolve, reject });
    });
  return { sent, answers, transport };
}

function setup(options: ConsoleStoreOptions = {}) {
  const timers: Array<{ run: () => void; ms: number }> = [];
  let n = 0;
  const store = createConsoleStore({
    newClientId: () => `client-${String(++n).padStart(4, '0')}`,
    now: () => 42,
    schedule: (run, ms) => void timers.push({ run, ms }),
    ...options,
  });
  const wire = manualTransport();
  store.getState().attachTransport(wire.transport);
  store.getState().setConnection('connected');
  store.getState().applyState(STATE);
  return { store, timers, ...wire };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('console store', () => {
  it('starts signed out with no state', () => {
    const s = createConsoleStore().getState();
    expect(s.connection).toBe('signed-out');
    expect(s.state).toBeNull();
    expect(s.pending).toEqual({});
  });

  it('applies a pushed state and ignores malformed ones', () => {
    const { store } = setup();
    expect(store.getState().state).toEqual(STATE);
    store.getState().applyState({ walls: 'nope' } as unknown as ConsoleState);
    expect(store.getState().state).toEqual(STATE);
  });

  it('sends wall.scene.show with a clientId and keeps it pending until the ack', async () => {
    const { store, sent, answers } = setup();
    const id = store.getState().showScene('main', 'economy');
    expect(id).toBe('client-0001');
    expect(sent).toEqual([{ clientId: 'client-0001', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } }]);
    expect(store.getState().pending[sceneKey('main', 'economy')]).toEqual({ clientId: 'client-0001', command: sent[0], sentAt: 42 });
    // Nothing moves before the server confirms.
    expect(store.getState().state?.walls[0]?.sceneId).toBe('overview');

    answers[0]?.resolve({ ok: true, clientId: 'client-0001', duplicate: false });
    await flush();
    expect(store.getState().pending).toEqual({});
    expect(store.getState().state?.walls[0]?.sceneId).toBe('economy');
    expect(store.getState().toasts).toEqual([
      { id: 1, kind: 'ok', message: { type: 'scene-shown', wallId: 'main', sceneId: 'economy' } },
    ]);
  });

  it('ignores a second tap on a pending button', async () => {
    const { store, sent, answers } = setup();
    expect(store.getState().showScene('main', 'economy')).not.toBeNull();
    expect(store.getState().showScene('main', 'economy')).toBeNull();
    expect(store.getState().showScene('main', 'economy')).toBeNull();
    expect(sent).toHaveLength(1);
    // Another button is still live.
    expect(store.getState().showScene('main', 'overview')).not.toBeNull();
    expect(sent).toHaveLength(2);

    answers[0]?.resolve({ ok: true, clientId: 'client-0001', duplicate: false });
    await flush();
    // Once answered, the button takes taps again, with a fresh clientId.
    expect(store.getState().showScene('main', 'economy')).toBe('client-0003');
    expect(sent).toHaveLength(3);
  });

  it('on a refusal shows the server message and changes nothing', async () => {
    const { store, answers, timers } = setup();
    store.getState().showScene('main', 'economy');
    answers[0]?.resolve({ ok: false, clientId: 'client-0001', error: { code: 'forbidden', message: 'Không có quyền' } });
    await flush();
    const s = store.getState();
    expect(s.pending).toEqual({});
    expect(s.state).toEqual(STATE);
    expect(s.toasts).toEqual([
      { id: 1, kind: 'error', message: { type: 'server-error', code: 'forbidden', text: 'Không có quyền' } },
    ]);
    // Errors stay up longer than confirmations.
    expect(timers.at(-1)?.ms).toBe(8000);
  });

  it('reports a missing ack and releases the button', async () => {
    const { store, answers } = setup();
    store.getState().showScene('main', 'economy');
    answers[0]?.reject(new Error('operation has timed out'));
    await flush();
    expect(store.getState().pending).toEqual({});
    expect(store.getState().state).toEqual(STATE);
    expect(store.getState().toasts.map((t) => t.message)).toEqual([{ type: 'no-answer' }]);
  });

  it('does not send while disconnected', () => {
    const { store, sent } = setup();
    store.getState().setConnection('reconnecting');
    expect(store.getState().showScene('main', 'economy')).toBeNull();
    store.getState().attachTransport(null);
    store.getState().setConnection('connected');
    expect(store.getState().setWallLanguage('main', 'en')).toBeNull();
    expect(sent).toEqual([]);
    expect(store.getState().toasts.map((t) => t.message.type)).toEqual(['offline', 'offline']);
  });

  it('sends wall.language and applies it on success', async () => {
    const { store, sent, answers } = setup();
    store.getState().setWallLanguage('main', 'en');
    expect(sent[0]).toEqual({ clientId: 'client-0001', name: 'wall.language', args: { wallId: 'main', language: 'en' } });
    expect(store.getState().pending[languageKey('main', 'en')]).toBeDefined();
    answers[0]?.resolve({ ok: true, clientId: 'client-0001', duplicate: true });
    await flush();
    expect(store.getState().state?.walls[0]?.language).toBe('en');
    expect(store.getState().toasts[0]?.message).toEqual({ type: 'language-set', wallId: 'main', language: 'en' });
  });

  it('dismisses toasts on their timer and keeps at most three', () => {
    const { store, timers } = setup();
    store.getState().setConnection('reconnecting');
    for (let i = 0; i < 4; i++) store.getState().showScene('main', 'economy');
    expect(store.getState().toasts.map((t) => t.id)).toEqual([2, 3, 4]);
    timers.forEach((t) => t.run());
    expect(store.getState().toasts).toEqual([]);
  });

  it('keeps the refusal reason only while refused', () => {
    const store = createConsoleStore();
    store.getState().setConnection('refused', 'unauthorised');
    expect(store.getState().refusal).toBe('unauthorised');
    store.getState().setConnection('connecting');
    expect(store.getState().refusal).toBeNull();
  });
});
