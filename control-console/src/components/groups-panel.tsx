import { type GroupList, type GroupSummary, type UserRole } from '@ioc/protocol';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { loadKey } from '../access-key.js';
import { groupsApi, parseIdpGroups } from '../groups-api.js';
import { useConsole, useLng } from '../use-console.js';
import { AskDialog, type AskRequest } from './ask-dialog.js';
import { RoleSelect } from './users-panel.js';

const T = {
  heading: { vi: 'Nhóm và quyền được cấp', en: 'Groups and role grants' },
  help: {
    vi: 'Mỗi nhóm đang hoạt động cấp vai trò của nó cho các thành viên: một người có vai trò cao nhất giữa vai trò riêng và vai trò các nhóm của mình. Người thuộc nhóm của nhà cung cấp định danh được ghi tên vào nhóm ở mỗi lần đăng nhập một lần. Thay đổi có hiệu lực ngay trên các bảng điều khiển đang mở.',
    en: "Each enabled group grants its role to its members: a person holds the highest of their own role and their groups' roles. People in the identity provider's groups join at each single sign-on. Changes apply at once to open consoles.",
  },
  create: { vi: 'Tạo nhóm', en: 'Create group' },
  name: { vi: 'Tên nhóm', en: 'Group name' },
  displayName: { vi: 'Tên hiển thị', en: 'Display name' },
  role: { vi: 'Vai trò được cấp', en: 'Role granted' },
  idp: { vi: 'Nhóm của nhà cung cấp định danh (cách nhau bởi dấu phẩy)', en: "Identity provider's groups (comma-separated)" },
  idpShort: { vi: 'Nhóm định danh', en: 'Provider groups' },
  none: { vi: 'không có', en: 'none' },
  save: { vi: 'Lưu', en: 'Save' },
  disable: { vi: 'Vô hiệu hóa', en: 'Disable' },
  enable: { vi: 'Kích hoạt', en: 'Enable' },
  remove: { vi: 'Xóa', en: 'Delete' },
  editIdp: { vi: 'Sửa nhóm định danh', en: 'Edit provider groups' },
  promptIdp: { vi: 'Nhóm của nhà cung cấp định danh cho {name} (cách nhau bởi dấu phẩy)', en: "Identity provider's groups for {name} (comma-separated)" },
  idpHelp: { vi: 'Người thuộc các nhóm này được ghi tên vào nhóm ở lần đăng nhập một lần tiếp theo.', en: 'People in these groups join at their next single sign-on.' },
  removeTitle: { vi: 'Xóa nhóm', en: 'Delete group' },
  confirmRemove: { vi: 'Xóa nhóm {name}? Các thành viên mất vai trò nhóm cấp. Không thể hoàn tác.', en: 'Delete group {name}? Its members lose the role it grants. This cannot be undone.' },
  disabled: { vi: 'đã vô hiệu hóa', en: 'disabled' },
  members: { vi: 'thành viên', en: 'members' },
  member: { vi: 'Tên đăng nhập thành viên', en: "Member's user name" },
  add: { vi: 'Thêm thành viên', en: 'Add member' },
  removeMember: { vi: 'Bỏ {name} khỏi nhóm', en: 'Remove {name} from the group' },
  fromIdp: { vi: 'từ nhà cung cấp định danh', en: 'from the identity provider' },
  done: { vi: 'Đã lưu.', en: 'Saved.' },
} as const;

const fill = (text: string, name: string) => text.replace('{name}', name);

/**
 * "Nhóm và quyền được cấp / Groups and role grants", for admins only: every group with its role,
 * provider groups and members; create, change role or provider groups, disable, enable, delete,
 * add and remove members. The server refuses anyone else (403) and audits every change.
 */
export function GroupsPanel() {
  const lng = useLng();
  const admin = useConsole((s) => s.whoami?.role === 'admin');
  const token = useMemo(() => loadKey(globalThis.sessionStorage), []);
  const api = useMemo(() => (token ? groupsApi(token) : null), [token]);
  const [list, setList] = useState<GroupList | null>(null);
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

  return (
    <section className="users-panel" data-testid="groups-panel" aria-labelledby="groups-title">
      <h2 id="groups-title">{T.heading[lng]}</h2>
      <p className="help">{T.help[lng]}</p>
      {message && (
        <p className={message.error ? 'notice error' : 'notice'} role={message.error ? 'alert' : 'status'} data-testid="groups-message">
          {message.text}
        </p>
      )}
      <CreateForm busy={busy} onCreate={(g) => void act(() => api.create(g))} />
      <ul className="enroll-list">
        {list?.groups.map((g) => (
          <GroupRow key={g.id} group={g} busy={busy} act={act} api={api} ask={setAsk} />
        ))}
      </ul>
      <AskDialog ask={ask} onClose={closeAsk} />
    </section>
  );
}

function GroupRow({ group: g, busy, act, api, ask }: { group: GroupSummary; busy: boolean; act: (run: () => Promise<string | null>) => Promise<void>; api: ReturnType<typeof groupsApi>; ask: (a: AskRequest) => void }) {
  const lng = useLng();
  const [member, setMember] = useState('');
  const addMember = (e: FormEvent) => {
    e.preventDefault();
    if (member.trim() === '') return;
    void act(() => api.addMember(g.id, member.trim()));
    setMember('');
  };
  return (
    <li className="enroll-item" data-testid="group-row" data-name={g.name} data-role={g.role} data-disabled={g.disabledAt !== null} data-members={g.members.length}>
      <strong>{g.displayName}</strong>
      <span className="enroll-meta">
        {g.name} · {T.idpShort[lng]}: {g.idpGroups.length > 0 ? g.idpGroups.join(', ') : T.none[lng]} · {g.members.length} {T.members[lng]}
        {g.disabledAt !== null && ` · ${T.disabled[lng]}`}
      </span>
      <RoleSelect label={T.role[lng]} value={g.role} disabled={busy} testId="group-role" onChange={(role) => void act(() => api.update(g.id, { role }))} />
      <button
        type="button"
        className="tool-button"
        disabled={busy}
        data-testid="group-idp"
        onClick={() =>
          ask({
            title: T.editIdp[lng],
            text: T.idpHelp[lng],
            yes: T.save[lng],
            input: { label: fill(T.promptIdp[lng], g.name), type: 'text', initial: g.idpGroups.join(', ') },
            onYes: (text) => void act(() => api.update(g.id, { idpGroups: parseIdpGroups(text) })),
          })
        }
      >
        {T.editIdp[lng]}
      </button>
      <button type="button" className="tool-button" disabled={busy} data-testid={g.disabledAt === null ? 'group-disable' : 'group-enable'} onClick={() => void act(() => api.update(g.id, { disabled: g.disabledAt === null }))}>
        {g.disabledAt === null ? T.disable[lng] : T.enable[lng]}
      </button>
      <button type="button" className="tool-button danger" disabled={busy} data-testid="group-delete" onClick={() => ask({ title: T.removeTitle[lng], text: fill(T.confirmRemove[lng], g.name), yes: T.remove[lng], danger: true, onYes: () => void act(() => api.remove(g.id)) })}>
        {T.remove[lng]}
      </button>
      <ul className="group-members" aria-label={T.members[lng]}>
        {g.members.map((m) => (
          <li key={m.username} data-testid="group-member" data-username={m.username} data-source={m.source}>
            {m.displayName} ({m.username}{m.source === 'idp' && `, ${T.fromIdp[lng]}`}){' '}
            <button type="button" className="tool-button" disabled={busy} data-testid="group-member-remove" aria-label={fill(T.removeMember[lng], m.username)} onClick={() => void act(() => api.removeMember(g.id, m.username))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="group-add-member" onSubmit={addMember}>
        <label>
          {T.member[lng]} <input data-testid="group-member-username" value={member} autoComplete="off" onChange={(e) => setMember(e.target.value)} />
        </label>
        <button type="submit" className="tool-button" disabled={busy} data-testid="group-member-add">
          {T.add[lng]}
        </button>
      </form>
    </li>
  );
}

function CreateForm({ busy, onCreate }: { busy: boolean; onCreate: (g: { name: string; role: UserRole; displayName?: string; idpGroups?: string[] }) => void }) {
  const lng = useLng();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [idp, setIdp] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return;
    const idpGroups = parseIdpGroups(idp);
    onCreate({ name: name.trim(), role, ...(displayName.trim() && { displayName: displayName.trim() }), ...(idpGroups.length > 0 && { idpGroups }) });
  };
  return (
    <form className="login-form users-create" onSubmit={submit} data-testid="group-create-form">
      <h3>{T.create[lng]}</h3>
      <label>
        {T.name[lng]} <input data-testid="group-new-name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {T.displayName[lng]} <input data-testid="group-new-display" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        {T.role[lng]}{' '}
        <RoleSelect testId="group-new-role" value={role} onChange={setRole} />
      </label>
      <label>
        {T.idp[lng]} <input data-testid="group-new-idp" value={idp} autoComplete="off" onChange={(e) => setIdp(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="group-create">
        {T.save[lng]}
      </button>
    </form>
  );
}
