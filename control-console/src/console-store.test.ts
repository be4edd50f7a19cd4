import { describe, expect, it } from 'vitest';
import type { CommandEnvelope, CommandResult, ConsoleState } from '@ioc/protocol';
import { cardKey, commandKey, createConsoleStore, languageKey, sceneKey, type ConsoleStoreOptions } from './console-store.js';
import { CATALOG, STATE, device } from './testing/fixtures.js';

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
const ok = (clientId: string, name: string, extra: Partial<Extract<CommandResult, { ok: true }>> = {}): CommandResult => ({ ok: true, clientId, name, duplicate: false, durationMs: 3, ...extra });

describe('console store: state from the server', () => {
  it('starts signed out with nothing', () => {
    const s = createConsoleStore().getState();
    expect(s.connection).toBe('signed-out');
    expect(s.state).toBeNull();
    expect(s.catalog).toBeNull();
    expect(s.whoami).toBeNull();
    expect(s.pending).toEqual({});
  });

  it('applies a pushed state and ignores malformed ones', () => {
    const { store } = setup();
    expect(store.getState().state).toEqual(STATE);
    store.getState().applyState({ walls: 'nope' } as unknown as ConsoleState);
    expect(store.getState().state).toEqual(STATE);
  });

  it('keeps whoami and the catalog', () => {
    const { store } = setup();
    store.getState().applyWhoami({ kind: 'user', id: 3, name: 'lan', role: 'operator', provider: 'local' });
    store.getState().applyCatalog({ commands: CATALOG });
    expect(store.getState().whoami?.role).toBe('operator');
    expect(store.getState().catalog).toBe(CATALOG);
  });

  it('merges device:status into the list from devices:status, keeping the order', () => {
    const { store } = setup();
    store.getState().applyDevices([device('display-left'), device('matrix', { driver: 'extron-sis' })]);
    expect(store.getState().deviceOrder).toEqual(['display-left', 'matrix']);
    store.getState().applyDevice(device('display-left', { status: 'online', state: { power: 'on' } }));
    expect(store.getState().devices['display-left']).toMatchObject({ status: 'online', state: { power: 'on' } });
    expect(store.getState().devices['matrix']?.driver).toBe('extron-sis');
    // A device the first list did not have is added at the end; junk is ignored.
    store.getState().applyDevice(device('projector', { status: 'offline', lastError: 'ECONNREFUSED' }));
    store.getState().applyDevice({ nope: true } as never);
    expect(store.getState().deviceOrder).toEqual(['display-left', 'matrix', 'projector']);
    expect(store.getState().devices['projector']?.lastError).toBe('ECONNREFUSED');
    // A fresh full list replaces everything.
    store.getState().applyDevices([device('matrix')]);
    expect(store.getState().deviceOrder).toEqual(['matrix']);
    expect(Object.keys(store.getState().devices)).toEqual(['matrix']);
  });

  it('forgets the session on reset', () => {
    const { store } = setup();
    store.getState().applyCatalog({ commands: CATALOG });
    store.getState().applyDevices([device('a')]);
    store.getState().reset({ id: 1, username: 'lan', displayName: 'Lan', role: 'operator', provider: 'local' });
    const s = store.getState();
    expect([s.state, s.catalog, s.devices, s.deviceOrder, s.account?.displayName]).toEqual([null, null, {}, [], 'Lan']);
  });

  it('keeps the refusal reason only while refused', () => {
    const store = createConsoleStore();
    store.getState().setConnection('refused', 'unauthorised');
    expect(store.getState().refusal).toBe('unauthorised');
    store.getState().setConnection('connecting');
    expect(store.getState().refusal).toBeNull();
  });
});

describe('console store: running commands', () => {
  it('sends any catalog command with a fresh clientId and keeps it pending until the ack', async () => {
    const { store, sent, answers } = setup();
    expect(store.getState().run('display.input', { device: 'display-left', source: 'hdmi2' }, { key: cardKey('display.input') })).toBe('client-0001');
    expect(sent).toEqual([{ clientId: 'client-0001', name: 'display.input', args: { device: 'display-left', source: 'hdmi2' } }]);
    expect(store.getState().pending[cardKey('display.input')]).toEqual({ clientId: 'client-0001', command: sent[0], sentAt: 42, stage: 'sending' });
    answers[0]?.resolve(ok('client-0001', 'display.input'));
    await flush();
    expect(store.getState().pending).toEqual({});
    expect(store.getState().toasts).toEqual([{ id: 1, kind: 'ok', message: { type: 'command-done', name: 'display.input' } }]);
    expect(store.getState().outcomes[cardKey('display.input')]?.result.ok).toBe(true);
  });

  it('keys a button by name and arguments by default', () => {
    const { store, sent } = setup();
    expect(commandKey('x.y', { b: 1, a: 'z' })).toBe('x.y(a="z",b=1)');
    store.getState().run('briefing.next', { wallId: 'main' });
    expect(store.getState().run('briefing.next', { wallId: 'main' })).toBeNull();
    expect(store.getState().pending[commandKey('briefing.next', { wallId: 'main' })]).toBeDefined();
    expect(sent).toHaveLength(1);
  });

  it('sends wall.scene.show, moves the highlight on the ack and says so', async () => {
    const { store, sent, answers } = setup();
    const id = store.getState().showScene('main', 'economy');
    expect(id).toBe('client-0001');
    expect(sent).toEqual([{ clientId: 'client-0001', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } }]);
    expect(store.getState().pending[sceneKey('main', 'economy')]?.clientId).toBe('client-0001');
    // Nothing moves before the server confirms.
    expect(store.getState().state?.walls[0]?.sceneId).toBe('overview');

    answers[0]?.resolve(ok('client-0001', 'wall.scene.show', { undo: { name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'overview' } } }));
    await flush();
    expect(store.getState().pending).toEqual({});
    expect(store.getState().state?.walls[0]?.sceneId).toBe('economy');
    expect(store.getState().toasts).toEqual([
      { id: 1, kind: 'ok', message: { type: 'scene-shown', wallId: 'main', sceneId: 'economy' }, undo: { name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'overview' } } },
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

    answers[0]?.resolve(ok('client-0001', 'wall.scene.show'));
    await flush();
    // Once answered, the button takes taps again, with a fresh clientId.
    expect(store.getState().showScene('main', 'economy')).toBe('client-0003');
    expect(sent).toHaveLength(3);
  });

  it('sends wall.language, wall.theme and wall.drilldown and applies them on success', async () => {
    const { store, sent, answers } = setup();
    store.getState().setWallLanguage('main', 'en');
    store.getState().run('wall.theme', { wallId: 'main', theme: 'light' });
    store.getState().run('wall.drilldown', { wallId: 'main', unit: '79' });
    expect(sent[0]).toEqual({ clientId: 'client-0001', name: 'wall.language', args: { wallId: 'main', language: 'en' } });
    expect(store.getState().pending[languageKey('main', 'en')]).toBeDefined();
    answers[0]?.resolve({ ...ok('client-0001', 'wall.language'), duplicate: true });
    answers[1]?.resolve(ok('client-0002', 'wall.theme'));
    answers[2]?.resolve(ok('client-0003', 'wall.drilldown'));
    await flush();
    expect(store.getState().state?.walls[0]).toMatchObject({ language: 'en', theme: 'light', focus: '79' });
    expect(store.getState().toasts[0]?.message).toEqual({ type: 'language-set', wallId: 'main', language: 'en' });
  });

  it('on a refusal shows the server message and changes nothing', async () => {
    const { store, answers, timers } = setup();
    store.getState().showScene('main', 'economy');
    answers[0]?.resolve({ ok: false, clientId: 'client-0001', name: 'wall.scene.show', error: { code: 'forbidden', message: 'Không có quyền' } });
    await flush();
    const s = store.getState();
    expect(s.pending).toEqual({});
    expect(s.state).toEqual(STATE);
    expect(s.toasts).toEqual([{ id: 1, kind: 'error', message: { type: 'server-error', code: 'forbidden', text: 'Không có quyền' } }]);
    // Errors stay up longer than confirmations.
    expect(timers.at(-1)?.ms).toBe(8000);
  });

  it('names the device and its reason when a device fails', async () => {
    const { store, answers } = setup();
    store.getState().run('display.input', { device: 'display-left', source: 'dp' });
    answers[0]?.resolve({
      ok: false,
      clientId: 'client-0001',
      name: 'display.input',
      error: { code: 'device_failed', message: 'display-left: no reply in 800 ms' },
      exchanges: [{ device: 'display-left', command: 'input', summary: 'input dp', ok: false, failure: 'timeout', error: 'no reply in 800 ms', attempts: 3, sent: ['AA'], replies: [], durationMs: 2400 }],
    });
    await flush();
    expect(store.getState().toasts[0]).toMatchObject({ kind: 'error', message: { type: 'device-failed', name: 'display.input', device: 'display-left', reason: 'no reply in 800 ms' } });
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
    expect(store.getState().pending).toEqual({});
    expect(store.getState().toasts.map((t) => t.message.type)).toEqual(['offline', 'offline']);
  });

  it('dismisses toasts on their timer and keeps at most three', () => {
    const { store, timers } = setup();
    store.getState().setConnection('reconnecting');
    for (let i = 0; i < 4; i++) store.getState().showScene('main', 'economy');
    expect(store.getState().toasts.map((t) => t.id)).toEqual([2, 3, 4]);
    timers.forEach((t) => t.run());
    expect(store.getState().toasts).toEqual([]);
  });
});

describe('console store: confirmation', () => {
  const confirmRequired = (clientId: string): CommandResult => ({
    ok: false,
    clientId,
    name: 'display.power',
    error: { code: 'confirm_required', message: 'display.power needs a confirmation', prompt: { vi: 'Xác nhận: Nguồn màn hình?', en: 'Confirm: Display power?' } },
  });

  it('asks the operator, then re-sends the same envelope with confirmed: true', async () => {
    const { store, sent, answers } = setup();
    const key = cardKey('display.power');
    store.getState().run('display.power', { device: 'display-left', on: true }, { key });
    answers[0]?.resolve(confirmRequired('client-0001'));
    await flush();
    // Not confirmed by itself: a dialog waits, the button stays busy, nothing else was sent.
    expect(sent).toHaveLength(1);
    expect(store.getState().confirms).toEqual([{ key, command: sent[0], prompt: { vi: 'Xác nhận: Nguồn màn hình?', en: 'Confirm: Display power?' } }]);
    expect(store.getState().pending[key]?.stage).toBe('confirming');
    expect(store.getState().run('display.power', { device: 'display-left', on: true }, { key })).toBeNull();
    expect(store.getState().toasts).toEqual([]);

    store.getState().answerConfirm(true);
    expect(store.getState().confirms).toEqual([]);
    expect(sent[1]).toEqual({ clientId: 'client-0001', name: 'display.power', args: { device: 'display-left', on: true }, confirmed: true });
    expect(store.getState().pending[key]?.stage).toBe('sending');
    answers[1]?.resolve(ok('client-0001', 'display.power', { undo: { name: 'display.power', args: { device: 'display-left', on: false } } }));
    await flush();
    expect(store.getState().pending).toEqual({});
    expect(store.getState().toasts).toEqual([
      { id: 1, kind: 'ok', message: { type: 'command-done', name: 'display.power' }, undo: { name: 'display.power', args: { device: 'display-left', on: false } } },
    ]);
  });

  it('sends nothing more when the operator cancels', async () => {
    const { store, sent, answers } = setup();
    store.getState().run('display.power', { device: 'display-left', on: false }, { key: 'k' });
    answers[0]?.resolve(confirmRequired('client-0001'));
    await flush();
    store.getState().answerConfirm(false);
    expect(sent).toHaveLength(1);
    expect(store.getState().pending).toEqual({});
    expect(store.getState().confirms).toEqual([]);
    // The button takes a tap again.
    expect(store.getState().run('display.power', { device: 'display-left', on: false }, { key: 'k' })).toBe('client-0002');
  });

  it('does not loop when a confirmed command is answered confirm_required again', async () => {
    const { store, answers } = setup();
    store.getState().run('display.power', { device: 'd', on: true }, { key: 'k' });
    answers[0]?.resolve(confirmRequired('client-0001'));
    await flush();
    store.getState().answerConfirm(true);
    answers[1]?.resolve(confirmRequired('client-0001'));
    await flush();
    expect(store.getState().confirms).toEqual([]);
    expect(store.getState().pending).toEqual({});
    expect(store.getState().toasts[0]?.message).toMatchObject({ type: 'server-error', code: 'confirm_required' });
  });

  it('tells the operator when the link dropped before the confirmation', async () => {
    const { store, sent, answers } = setup();
    store.getState().run('display.power', { device: 'd', on: true }, { key: 'k' });
    answers[0]?.resolve(confirmRequired('client-0001'));
    await flush();
    store.getState().setConnection('reconnecting');
    store.getState().answerConfirm(true);
    expect(sent).toHaveLength(1);
    expect(store.getState().pending).toEqual({});
    expect(store.getState().toasts.map((t) => t.message.type)).toEqual(['offline']);
  });
});

describe('console store: undo', () => {
  it('runs the undo command a toast offers and closes the toast', async () => {
    const { store, sent, answers, timers } = setup();
    store.getState().run('display.input', { device: 'display-left', source: 'hdmi2' });
    answers[0]?.resolve(ok('client-0001', 'display.input', { undo: { name: 'display.input', args: { device: 'display-left', source: 'hdmi1' } } }));
    await flush();
    // A toast with an undo stays up long enough to reach for it.
    expect(timers.at(-1)?.ms).toBe(10_000);
    const [item] = store.getState().toasts;
    expect(store.getState().undoFromToast(item!.id)).toBe('client-0002');
    expect(sent[1]).toEqual({ clientId: 'client-0002', name: 'display.input', args: { device: 'display-left', source: 'hdmi1' } });
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().undoFromToast(item!.id)).toBeNull();
  });

  it('offers no undo when the result has none', async () => {
    const { store, answers } = setup();
    store.getState().run('display.input', { device: 'display-left', source: 'hdmi2' });
    answers[0]?.resolve(ok('client-0001', 'display.input'));
    await flush();
    expect(store.getState().toasts[0]?.undo).toBeUndefined();
    expect(store.getState().undoFromToast(store.getState().toasts[0]!.id)).toBeNull();
  });
});

describe('console store: macros', () => {
  it('keeps the step results and counts them in the toast', async () => {
    const { store, answers } = setup();
    const key = cardKey('room.mode.briefing');
    store.getState().run('room.mode.briefing', {}, { key });
    const steps = [
      { index: 0, command: 'display.power', status: 'done' as const, durationMs: 40 },
      { index: 1, command: 'projector.power', status: 'skipped' as const, durationMs: 0 },
      { index: 2, command: null, status: 'done' as const, durationMs: 300 },
    ];
    answers[0]?.resolve(ok('client-0001', 'room.mode.briefing', { steps }));
    await flush();
    expect(store.getState().outcomes[key]?.result.steps).toEqual(steps);
    expect(store.getState().toasts[0]?.message).toEqual({ type: 'macro-done', name: 'room.mode.briefing', done: 2, failed: 0, skipped: 1 });
  });

  it('names the failed device of a failed macro step', async () => {
    const { store, answers } = setup();
    store.getState().run('room.mode.briefing', {}, { key: 'm' });
    answers[0]?.resolve({
      ok: false,
      clientId: 'client-0001',
      name: 'room.mode.briefing',
      error: { code: 'device_failed', message: 'step 2 (matrix.route) failed: matrix: offline' },
      steps: [
        { index: 0, command: 'display.power', status: 'done', durationMs: 40 },
        {
          index: 1,
          command: 'matrix.route',
          status: 'failed',
          durationMs: 5,
          error: { code: 'device_failed', message: 'matrix: offline' },
          exchanges: [{ device: 'matrix', command: 'route', summary: 'tie 3 -> 1', ok: false, failure: 'offline', attempts: 0, sent: [], replies: [], durationMs: 0 }],
        },
        { index: 2, command: 'light.level', status: 'skipped', durationMs: 0 },
      ],
    });
    await flush();
    expect(store.getState().toasts[0]?.message).toEqual({ type: 'device-failed', name: 'room.mode.briefing', device: 'matrix', reason: 'offline' });
    expect(store.getState().outcomes['m']?.result.steps).toHaveLength(3);
  });
});

describe('console store: failed commands (technician, admin)', () => {
  const failure = {
    clientId: 'hung-0001',
    name: 'display.volume',
    args: { device: 'display-left', level: 10 },
    actor: 'user:lan',
    role: 'operator',
    target: 'display-left',
    receivedAt: 40,
    error: { code: 'device_failed' as const, message: 'display-left: no reply within 800 ms' },
    resendOf: null,
  };

  it('loads the list, re-sends one under a new client id with the original arguments, toasts the result and reloads', async () => {
    const { store, timers } = setup();
    const calls: string[] = [];
    let lists = 0;
    store.getState().attachLog({
      failed: async (limit) => {
        calls.push(`failed:${limit}`);
        return { ok: true, commands: lists++ === 0 ? [failure] : [] };
      },
      resend: async (clientId, newClientId) => {
        calls.push(`resend:${clientId}->${newClientId}`);
        return ok(newClientId, 'display.volume');
      },
    });
    store.getState().loadFailed();
    await flush();
    expect(store.getState().failed).toEqual([failure]);
    const id = store.getState().resendFailed('hung-0001');
    expect(id).toBe('client-0001');
    expect(store.getState().pending['resend:hung-0001']?.command).toEqual({ clientId: 'client-0001', name: 'display.volume', args: { device: 'display-left', level: 10 }, confirmed: true });
    // A second tap while it runs does nothing.
    expect(store.getState().resendFailed('hung-0001')).toBeNull();
    await flush();
    await flush();
    expect(calls).toEqual(['failed:50', 'resend:hung-0001->client-0001', 'failed:50']);
    expect(store.getState().pending).toEqual({});
    expect(store.getState().failed).toEqual([]);
    expect(store.getState().toasts.at(-1)?.kind).toBe('ok');
    expect(timers.length).toBeGreaterThan(0);
  });

  it('shows why the list could not be loaded, and re-sends nothing it does not know', async () => {
    const { store } = setup();
    store.getState().attachLog({
      failed: async () => ({ ok: false, error: { code: 'forbidden', message: 'the operator role may not read the command log (allowed: technician, admin)' } }),
      resend: async () => {
        throw new Error('not expected');
      },
    });
    store.getState().loadFailed();
    await flush();
    expect(store.getState().failed).toBeNull();
    expect(store.getState().failedError).toMatch(/may not read the command log/);
    expect(store.getState().resendFailed('unknown')).toBeNull();
  });
});
