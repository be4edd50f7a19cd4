import { USER_ROLES, type UserList, type UserRole } from '@ioc/protocol';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { loadKey } from '../access-key.js';
import { useConsole, useLng } from '../use-console.js';
import { usersApi } from '../users-api.js';
import { AskDialog, type AskRequest } from './ask-dialog.js';
import { UnitSelect, useReportingUnits } from './unit-select.js';

const T = {
  heading: { vi: 'Người dùng và quyền', en: 'Users and roles' },
  help: {
    vi: 'Tài khoản đăng nhập một lần nhận vai trò từ nhóm của nhà cung cấp định danh ở mỗi lần đăng nhập. Vô hiệu hóa, xóa hoặc đặt lại mật khẩu sẽ kết thúc các phiên đang mở.',
    en: "Single sign-on accounts take their role from the identity provider's groups at each sign-in. Disabling, deleting or resetting a password ends the user's open sessions.",
  },
  create: { vi: 'Tạo người dùng', en: 'Create user' },
  username: { vi: 'Tên đăng nhập', en: 'User name' },
  displayName: { vi: 'Tên hiển thị', en: 'Display name' },
  role: { vi: 'Vai trò', en: 'Role' },
  byGroup: { vi: 'qua nhóm:', en: 'by group:' },
  password: { vi: 'Mật khẩu (ít nhất 12 ký tự)', en: 'Password (at least 12 characters)' },
  save: { vi: 'Lưu', en: 'Save' },
  disable: { vi: 'Vô hiệu hóa', en: 'Disable' },
  enable: { vi: 'Kích hoạt', en: 'Enable' },
  remove: { vi: 'Xóa', en: 'Delete' },
  reset: { vi: 'Đặt lại mật khẩu', en: 'Reset password' },
  newPassword: { vi: 'Mật khẩu mới cho {name}', en: 'New password for {name}' },
  newPasswordHelp: { vi: 'Ít nhất 12 ký tự. Các phiên đang mở của người này sẽ kết thúc.', en: "At least 12 characters. This person's open sessions end." },
  removeTitle: { vi: 'Xóa người dùng', en: 'Delete user' },
  confirmRemove: { vi: 'Xóa người dùng {name}? Không thể hoàn tác.', en: 'Delete user {name}? This cannot be undone.' },
  disabled: { vi: 'đã vô hiệu hóa', en: 'disabled' },
  sessions: { vi: 'phiên', en: 'sessions' },
  sso: { vi: 'đăng nhập một lần', en: 'single sign-on' },
  local: { vi: 'tài khoản nội bộ', en: 'local account' },
  done: { vi: 'Đã lưu.', en: 'Saved.' },
  groups: { vi: 'Nhóm của nhà cung cấp định danh và vai trò được cấp', en: "Identity provider's groups and the roles they grant" },
  groupsHelp: {
    vi: 'Đặt trên máy chủ (OIDC_ROLE_MAP); các nhóm ở màn hình Nhóm cũng cấp vai trò. Người thuộc nhiều nhóm nhận vai trò cao nhất.',
    en: 'Set on the server (OIDC_ROLE_MAP); the groups on the Groups screen grant roles too. A person in several groups gets the highest role.',
  },
} as const;

/** Role names in both languages (also the Groups screen's). */
export const ROLE: Record<UserRole, { vi: string; en: string }> = {
  viewer: { vi: 'Người xem', en: 'Viewer' },
  operator: { vi: 'Điều hành', en: 'Operator' },
  presenter: { vi: 'Thuyết trình', en: 'Presenter' },
  technician: { vi: 'Kỹ thuật', en: 'Technician' },
  admin: { vi: 'Quản trị', en: 'Admin' },
};

/** A choice of role, named in the console's language (users, groups, their create forms). */
export function RoleSelect({ value, onChange, label, disabled, testId }: { value: UserRole; onChange: (role: UserRole) => void; label?: string; disabled?: boolean; testId: string }) {
  const lng = useLng();
  return (
    <select aria-label={label} value={value} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.value as UserRole)}>
      {USER_ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE[r][lng]}
        </option>
      ))}
    </select>
  );
}

/**
 * "Người dùng và quyền / Users and roles", for admins only: every user with role, provider,
 * state and reporting unit; create, rename, change role, bind to a unit or unbind (a unit's own
 * account), disable, enable, delete, reset password. The server
 * refuses anyone else (403) and audits every change; this screen is hidden from other roles.
 */
export function UsersPanel() {
  const lng = useLng();
  const admin = useConsole((s) => s.whoami?.role === 'admin');
  const token = useMemo(() => loadKey(globalThis.sessionStorage), []);
  const api = useMemo(() => (token ? usersApi(token) : null), [token]);
  const units = useReportingUnits(admin ? token : null);
  const [list, setList] = useState<UserList | null>(null);
  const users = list?.users;
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<AskRequest | null>(null);
  const closeAsk = useCallback(() => setAsk(null), []);
  const load = useCallback(() => {
    api?.list().then(setList, (e: unknown) => setMessage({ error: true, text: e instanceof Error ? e.message : String(e) }));
  }, [api]);
  useEffect(() => {
    if (admin) load();
  }, [admin, load]);
  if (!admin || !api) return null;

  const act = async (run: () => Promise<string | null>) => {
    setBusy(true);
    const problem = await run();
    setBusy(false);
    setMessage(problem ? { error: true, text: problem } : { error: false, text: T.done[lng] });
    load();
  };
  const fill = (text: string, name: string) => text.replace('{name}', name);

  return (
    <section className="users-panel" data-testid="users-panel" aria-labelledby="users-title">
      <h2 id="users-title">{T.heading[lng]}</h2>
      <p className="help">{T.help[lng]}</p>
      {message && (
        <p className={message.error ? 'notice error' : 'notice'} role={message.error ? 'alert' : 'status'} data-testid="users-message">
          {message.text}
        </p>
      )}
      <CreateForm busy={busy} onCreate={(u) => void act(() => api.create(u))} />
      <ul className="enroll-list">
        {users?.map((u) => (
          <li key={u.id} className="enroll-item" data-testid="user-row" data-username={u.username} data-role={u.role} data-disabled={u.disabledAt !== null} data-unit={u.unit ?? ''}>
            <strong>{u.displayName}</strong>
            <span className="enroll-meta">
              {u.username} · {u.provider === 'oidc' ? T.sso[lng] : T.local[lng]} · {u.activeSessions} {T.sessions[lng]}
              {u.disabledAt !== null && ` · ${T.disabled[lng]}`}
              {u.effectiveRole !== u.role && (
                <span data-testid="user-effective-role" data-role={u.effectiveRole}>
                  {` · ${T.byGroup[lng]} ${ROLE[u.effectiveRole][lng]}`}
                </span>
              )}
            </span>
            <RoleSelect label={T.role[lng]} value={u.role} disabled={busy} testId="user-role" onChange={(role) => void act(() => api.update(u.username, { role }))} />
            <UnitSelect units={units} value={u.unit} disabled={busy} onChange={(unit) => void act(() => api.update(u.username, { unit }))} />
            {u.disabledAt === null ? (
              <button type="button" className="tool-button" disabled={busy} data-testid="user-disable" onClick={() => void act(() => api.disable(u.username))}>
                {T.disable[lng]}
              </button>
            ) : (
              <button type="button" className="tool-button" disabled={busy} data-testid="user-enable" onClick={() => void act(() => api.enable(u.username))}>
                {T.enable[lng]}
              </button>
            )}
            {u.provider === 'local' && (
              <button
                type="button"
                className="tool-button"
                disabled={busy}
                data-testid="user-reset"
                onClick={() =>
                  setAsk({
                    title: T.reset[lng],
                    text: T.newPasswordHelp[lng],
                    yes: T.save[lng],
                    input: { label: fill(T.newPassword[lng], u.username), type: 'password', minLength: 12 },
                    onYes: (password) => void act(() => api.resetPassword(u.username, password)),
                  })
                }
              >
                {T.reset[lng]}
              </button>
            )}
            <button
              type="button"
              className="tool-button danger"
              disabled={busy}
              data-testid="user-delete"
              onClick={() => setAsk({ title: T.removeTitle[lng], text: fill(T.confirmRemove[lng], u.username), yes: T.remove[lng], danger: true, onYes: () => void act(() => api.remove(u.username)) })}
            >
              {T.remove[lng]}
            </button>
          </li>
        ))}
      </ul>
      {list && list.groupGrants.length > 0 && (
        <>
          <h3>{T.groups[lng]}</h3>
          <p className="help">{T.groupsHelp[lng]}</p>
          <ul className="enroll-list" data-testid="group-grants">
            {list.groupGrants.map((g) => (
              <li key={g.group} className="enroll-item" data-testid="group-grant" data-group={g.group} data-role={g.role}>
                <strong>{g.group}</strong> → {ROLE[g.role][lng]}
              </li>
            ))}
          </ul>
        </>
      )}
      <AskDialog ask={ask} onClose={closeAsk} />
    </section>
  );
}

function CreateForm({ busy, onCreate }: { busy: boolean; onCreate: (u: { username: string; role: UserRole; displayName?: string; password?: string }) => void }) {
  const lng = useLng();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim() === '') return;
    onCreate({ username: username.trim(), role, ...(displayName.trim() && { displayName: displayName.trim() }), ...(password && { password }) });
    setPassword('');
  };
  return (
    <form className="login-form users-create" onSubmit={submit} data-testid="user-create-form">
      <h3>{T.create[lng]}</h3>
      <label>
        {T.username[lng]} <input data-testid="user-new-username" value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {T.displayName[lng]} <input data-testid="user-new-display" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        {T.role[lng]}{' '}
        <RoleSelect testId="user-new-role" value={role} onChange={setRole} />
      </label>
      <label>
        {T.password[lng]} <input data-testid="user-new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="user-create">
        {T.save[lng]}
      </button>
    </form>
  );
}
