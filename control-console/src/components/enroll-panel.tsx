import { formatPairingCode } from '@ioc/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import '../styles/enroll.css';
import { loadKey } from '../access-key.js';
import { useConsole, useLng } from '../use-console.js';
import { positionKey, suggestedPosition, targetOf, wallDevicesApi, type WallDevicesView } from '../wall-devices-api.js';

const T = {
  heading: { vi: 'Ghép màn hình', en: 'Enroll displays' },
  help: {
    vi: 'Màn hình chưa ghép hiện một mã. Chọn mã và vị trí trên tường; màn hình nhận thẻ thiết bị và hiện nội dung ngay.',
    en: 'A display that is not enrolled shows a code. Pick the code and its wall position; the display receives its device token and shows the wall at once.',
  },
  refresh: { vi: 'Làm mới', en: 'Refresh' },
  pending: { vi: 'Mã đang chờ', en: 'Pending codes' },
  none: { vi: 'Không có màn hình nào đang chờ ghép.', en: 'No display is waiting to be enrolled.' },
  waiting: { vi: 'chờ', en: 'waiting' },
  position: { vi: 'Vị trí', en: 'Position' },
  free: { vi: 'trống', en: 'free' },
  taken: { vi: 'đã có thiết bị', en: 'has a device' },
  enroll: { vi: 'Ghép', en: 'Enroll' },
  enrolled: { vi: 'Thiết bị đã ghép', en: 'Enrolled devices' },
  online: { vi: 'đang kết nối', en: 'online' },
  offline: { vi: 'mất kết nối', en: 'offline' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  confirmRevoke: { vi: 'Thu hồi thiết bị này? Màn hình sẽ quay lại màn hình ghép.', en: 'Revoke this device? Its display returns to the pairing screen.' },
} as const;

function age(s: number): string {
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min`;
}

/**
 * "Ghép màn hình / Enroll displays", for technicians and admins: pending pairing codes with their
 * age and what their page asked for, the wall positions (free ones first) to assign one to, and
 * the enrolled devices with a revoke button. Refreshed every 5 s while shown.
 */
export function EnrollPanel() {
  const lng = useLng();
  const role = useConsole((s) => s.whoami?.role);
  const allowed = role === 'technician' || role === 'admin';
  const token = useMemo(() => loadKey(globalThis.sessionStorage), []);
  const api = useMemo(() => (token ? wallDevicesApi(token) : null), [token]);
  const [view, setView] = useState<WallDevicesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    if (!api) return;
    api.load().then(
      (v) => {
        setView(v);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [api]);
  useEffect(() => {
    if (!allowed) return;
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [allowed, load]);
  if (!allowed || !api) return null;

  const positions = [...(view?.positions ?? [])].sort((a, b) => Number(a.devices > 0) - Number(b.devices > 0));
  const act = async (run: () => Promise<string | null>) => {
    setBusy(true);
    const problem = await run();
    setBusy(false);
    setError(problem);
    load();
  };
  return (
    <section className="enroll-panel" data-testid="enroll-panel" aria-labelledby="enroll-title">
      <div className="failed-head">
        <h2 id="enroll-title">{T.heading[lng]}</h2>
        <button type="button" className="tool-button" onClick={load}>
          {T.refresh[lng]}
        </button>
      </div>
      <p className="help">{T.help[lng]}</p>
      {error && <p className="notice error">{error}</p>}
      <h3>{T.pending[lng]}</h3>
      {view && view.pending.length === 0 && <p className="notice">{T.none[lng]}</p>}
      <ul className="enroll-list">
        {view?.pending.map((p) => {
          const selected = choice[p.code] ?? suggestedPosition(p, positions) ?? (positions[0] ? positionKey(positions[0]) : '');
          const target = targetOf(selected);
          return (
            <li key={p.code} className="enroll-item" data-testid="pending-code" data-code={p.code}>
              <strong className="enroll-code">{formatPairingCode(p.code)}</strong>
              <span className="enroll-meta">
                {T.waiting[lng]} {age(p.ageS)} · {p.address}
                {p.hint.wallId ? ` · ${[p.hint.wallId, p.hint.displayId ?? p.hint.rendererId].filter(Boolean).join('/')}` : ''}
              </span>
              <label>
                {T.position[lng]}{' '}
                <select value={selected} onChange={(e) => setChoice({ ...choice, [p.code]: e.target.value })} data-testid="enroll-position">
                  {positions.map((x) => (
                    <option key={positionKey(x)} value={positionKey(x)}>
                      {positionKey(x)} ({x.devices > 0 ? T.taken[lng] : T.free[lng]})
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="primary" disabled={busy || !target} data-testid="enroll-button" onClick={() => target && void act(() => api.enroll(p.code, target))}>
                {T.enroll[lng]}
              </button>
            </li>
          );
        })}
      </ul>
      <h3>{T.enrolled[lng]}</h3>
      <ul className="enroll-list">
        {view?.devices.map((d) => (
          <li key={d.id} className="enroll-item" data-testid="wall-device" data-device-id={d.id}>
            <strong>{d.name}</strong>
            <span className="enroll-meta">
              {positionKey(d)} · {d.connected ? T.online[lng] : T.offline[lng]} · {d.enrolledBy} · {d.enrolledTime}
            </span>
            <button type="button" className="tool-button" disabled={busy} onClick={() => globalThis.confirm(T.confirmRevoke[lng]) && void act(() => api.revoke(d.id))}>
              {T.revoke[lng]}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
