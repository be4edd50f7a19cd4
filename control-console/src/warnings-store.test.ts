import { describe, expect, it } from 'vitest';
import type { Warning, WarningAckRequest, WarningAckResult } from '@ioc/protocol';
import { canAcknowledge, createWarningsStore, sortWarnings } from './warnings-store.js';

const warning = (id: number, over: Partial<Warning> = {}): Warning => ({
  id,
  indicator: 'cpi_yoy',
  unit: 'VN',
  period: '2026-10',
  rule: 'threshold',
  severity: 'warning',
  value: 5.2,
  reference: { kind: 'warn_above', value: 4.5 },
  synthetic: false,
  message: { vi: '5,20 % cao hơn ngưỡng cảnh báo 4,50 %', en: '5.20 % is above the warning threshold of 4.50 %' },
  indicatorName: { vi: 'Chỉ số giá tiêu dùng', en: 'Consumer price index' },
  unitName: { vi: 'Việt Nam', en: 'Viet Nam' },
  state: 'open',
  raisedAt: 1000 + id,
  time: '2026-11-23T10:00:00.000+07:00',
  updatedAt: 1000 + id,
  ackBy: null,
  ackRole: null,
  ackAt: null,
  ackNote: null,
  resolvedAt: null,
  ...over,
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function withTransport() {
  const store = createWarningsStore();
  const sent: WarningAckRequest[] = [];
  const answers: Array<(r: WarningAckResult) => void> = [];
  store.getState().attachAck((req) => new Promise((resolve) => (sent.push(req), answers.push(resolve))));
  return { store, sent, answers };
}

describe('warnings store', () => {
  it('orders open before acknowledged, critical first, newest first, and drops resolved ones from a snapshot', () => {
    const list = [warning(1), warning(2, { severity: 'critical' }), warning(3, { state: 'acknowledged', severity: 'critical' }), warning(4), warning(5, { severity: 'info' })];
    expect(sortWarnings(list).map((w) => w.id)).toEqual([2, 4, 1, 5, 3]);
    const store = createWarningsStore();
    store.getState().applySnapshot({ warnings: [...list, warning(6, { state: 'resolved' })] });
    expect(store.getState().warnings.map((w) => w.id)).toEqual([2, 4, 1, 5, 3]);
  });

  it('adds a raised warning, replaces a changed one and removes a resolved one', () => {
    const store = createWarningsStore();
    store.getState().applySnapshot({ warnings: [warning(1)] });
    store.getState().applyChange({ change: 'raised', warning: warning(2, { severity: 'critical' }) });
    store.getState().applyChange({ change: 'acknowledged', warning: warning(1, { state: 'acknowledged', ackBy: 'user:lan' }) });
    expect(store.getState().warnings.map((w) => [w.id, w.state])).toEqual([[2, 'open'], [1, 'acknowledged']]);
    store.getState().applyChange({ change: 'resolved', warning: warning(2, { state: 'resolved' }) });
    expect(store.getState().warnings.map((w) => w.id)).toEqual([1]);
    store.getState().applyChange({ change: 'raised', warning: null as unknown as Warning });
    expect(store.getState().warnings).toHaveLength(1);
  });

  it('sends one acknowledgement per warning at a time and shows the acknowledged state from the answer', async () => {
    const { store, sent, answers } = withTransport();
    store.getState().applySnapshot({ warnings: [warning(7)] });
    expect(store.getState().acknowledge(7, 'Đã báo')).toBe(true);
    expect(store.getState().acknowledge(7)).toBe(false);
    expect(sent).toEqual([{ id: 7, note: 'Đã báo' }]);
    expect(store.getState().pending).toEqual({ 7: true });
    answers[0]!({ ok: true, warning: warning(7, { state: 'acknowledged', ackBy: 'user:lan', ackAt: 2000 }) });
    await flush();
    expect(store.getState().pending).toEqual({});
    expect(store.getState().warnings[0]).toMatchObject({ id: 7, state: 'acknowledged', ackBy: 'user:lan' });
  });

  it('keeps the server\'s refusal beside the warning, and sends nothing without a connection', async () => {
    const { store, answers } = withTransport();
    store.getState().acknowledge(8);
    answers[0]!({ ok: false, error: { code: 'already_acknowledged', message: 'warning 8 was already acknowledged by user:an', ackBy: 'user:an', ackAt: 'x' } });
    await flush();
    expect(store.getState().error).toEqual({ id: 8, message: 'warning 8 was already acknowledged by user:an' });
    store.getState().attachAck(null);
    expect(store.getState().acknowledge(9)).toBe(false);
  });

  it('shows the button to operators and above only', () => {
    expect(['viewer', 'ingest', undefined, 'operator', 'presenter', 'technician', 'admin'].map((r) => canAcknowledge(r as never))).toEqual([false, false, false, true, true, true, true]);
  });
});
