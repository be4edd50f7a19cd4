import type { Label, MyAction } from '@ioc/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { loadKey } from '../access-key.js';
import { formatLastSeen } from '../format-time.js';
import { myActionsApi } from '../my-actions-api.js';
import { useConsole, useLng } from '../use-console.js';

const T = {
  heading: { vi: 'Thao tác của tôi', en: 'My actions' },
  help: {
    vi: 'Những gì bạn đã làm từ mọi bảng điều khiển và khóa của bạn, mới nhất trước, theo nhật ký kiểm toán của trung tâm.',
    en: "What you did from every console and with your keys, newest first, as the center's audit log recorded it.",
  },
  refresh: { vi: 'Làm mới', en: 'Refresh' },
  more: { vi: 'Xem thêm', en: 'Show more' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  none: { vi: 'Chưa có thao tác nào.', en: 'No actions yet.' },
  ok: { vi: 'Thành công', en: 'Done' },
  failed: { vi: 'Không thành công', en: 'Failed' },
  repeat: { vi: 'gửi lại, không chạy lần nữa', en: 'sent again, not run twice' },
  target: { vi: 'Đối tượng', en: 'On' },
  reason: { vi: 'Lý do', en: 'Why' },
  cannotLoad: { vi: 'Không tải được thao tác của bạn', en: 'Your actions could not be loaded' },
} satisfies Record<string, Label>;

const PAGE = 50;
const MAX = 200;

/**
 * "Thao tác của tôi / My actions", for every role: the signed-in person's own audit lines (a
 * command with its label, target and outcome, a refusal with its reason, a sign-in), newest
 * first; "Show more" up to 200. Loaded when shown and on "Refresh".
 */
export function MyActions() {
  const lng = useLng();
  const connected = useConsole((s) => s.connection === 'connected');
  const token = useMemo(() => loadKey(globalThis.sessionStorage), []);
  const api = useMemo(() => (token ? myActionsApi(token) : null), [token]);
  const [limit, setLimit] = useState(PAGE);
  const [actions, setActions] = useState<MyAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    if (!api) return;
    api.list(limit).then(
      (list) => {
        setActions(list);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [api, limit]);
  useEffect(() => {
    if (connected) load();
  }, [connected, load]);
  if (!api) return null;
  const now = Date.now();
  return (
    <section className="my-actions" aria-labelledby="mine-title" data-testid="my-actions">
      <div className="failed-head">
        <h2 id="mine-title">{T.heading[lng]}</h2>
        <button type="button" className="tool-button" onClick={load} data-testid="mine-refresh">
          {T.refresh[lng]}
        </button>
      </div>
      <p className="help">{T.help[lng]}</p>
      {error && (
        <p className="notice error" role="alert">
          {T.cannotLoad[lng]}: {error}
        </p>
      )}
      {actions === null ? (
        !error && <p className="notice">{T.loading[lng]}</p>
      ) : actions.length === 0 ? (
        <p className="notice">{T.none[lng]}</p>
      ) : (
        <ul className="mine-list">
          {actions.map((a) => (
            <li key={a.id} className="mine-item" data-testid="my-action" data-action={a.action} data-ok={a.ok} data-client-id={a.clientId ?? ''}>
              <div className="mine-main">
                <strong className="mine-what">{a.label ? a.label[lng] : a.action}</strong>
                <span className={a.ok ? 'mine-outcome ok' : 'mine-outcome failed'} data-testid="my-action-outcome">
                  {a.ok ? T.ok[lng] : T.failed[lng]}
                </span>
              </div>
              <div className="mine-meta">
                <time dateTime={a.time}>{formatLastSeen(a.ts, now, lng)}</time>
                {a.target && (
                  <span>
                    {' · '}
                    {T.target[lng]} <code>{a.target}</code>
                  </span>
                )}
                {a.duplicate && ` · ${T.repeat[lng]}`}
              </div>
              {a.error && (
                <div className="mine-reason">
                  {T.reason[lng]}: {a.error}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {actions !== null && actions.length >= limit && limit < MAX && (
        <button type="button" className="tool-button" onClick={() => setLimit((n) => Math.min(MAX, n + PAGE))} data-testid="mine-more">
          {T.more[lng]}
        </button>
      )}
    </section>
  );
}
