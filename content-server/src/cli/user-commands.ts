import { USER_ROLES, type UserRole } from '@ioc/protocol';
import { InvalidArgumentError, type Command } from 'commander';
import type { Audit } from '../audit/index.js';
import { PasswordPolicyError, Sessions, UserError, Users, passwordProblem, type User } from '../auth/index.js';
import type { Store } from '../store/index.js';
import type { OpsStore } from './store-access.js';

/** What the user commands need from `ops`: its store and its audit actor. */
export interface UserCommandContext {
  /** Runs `fn` on the store the environment names, with its audit log (store-access.ts `withOpsStore`). */
  withStore: <T>(fn: (s: OpsStore) => Promise<T>) => Promise<T>;
  /** Who runs the command, for the audit log: `cli:<os user>`. */
  actor: () => string;
  /** Whether the catalog of this store has a reporting unit of this code (a user may be bound to one). */
  knownUnit?: (store: Store) => Promise<(code: string) => boolean>;
}

interface Identity {
  users: Users;
  sessions: Sessions;
  audit: Audit;
  store: Store;
}

/** Errors the operator can fix; printed as one line, exit 1. Anything else is a bug and propagates. */
function isExpected(err: unknown): err is Error {
  return err instanceof UserError || err instanceof PasswordPolicyError || err instanceof PasswordInputError;
}

class PasswordInputError extends Error {}

function parseRole(value: string): UserRole {
  if (!USER_ROLES.includes(value as UserRole)) throw new InvalidArgumentError(`expected one of ${USER_ROLES.join(', ')}`);
  return value as UserRole;
}

/** Reads a password from standard input: one line, its line ending removed. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) throw new PasswordInputError('--password-stdin expects the password on one line');
  if (text === '') throw new PasswordInputError('--password-stdin read no password');
  return text;
}

/** Asks on the terminal without echoing what is typed. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(() => reject(new PasswordInputError('cancelled')));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = '';
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The new password: from standard input with --password-stdin (scripts), else typed twice on
 * the terminal. Never from an argument, which would land in the shell history and `ps`.
 */
async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readPasswordFromStdin();
  if (!process.stdin.isTTY) throw new PasswordInputError('standard input is not a terminal: pass --password-stdin and pipe the password in');
  const first = await promptHidden('New password: ');
  const problem = passwordProblem(first);
  if (problem) throw new PasswordPolicyError(problem);
  if ((await promptHidden('Repeat the password: ')) !== first) throw new PasswordInputError('the two passwords differ; nothing was changed');
  return first;
}

function date(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

export function registerUserCommands(program: Command, ctx: UserCommandContext): void {
  /** The unit code when the catalog has it; a UserError (printed, audited, exit 1) otherwise. */
  const checkedUnit = async (store: Store, code: string): Promise<string> => {
    const known = ctx.knownUnit ? await ctx.knownUnit(store) : () => false;
    if (!known(code)) throw new UserError(`unknown reporting unit "${code}": expected VN, a province code or an agency id of the catalog / đơn vị báo cáo "${code}" không có trong danh mục`);
    return code;
  };
  /** Runs one command on an open store; an expected failure is audited, printed and exits 1. */
  const run = (command: string, target: string, fn: (id: Identity) => Promise<void> | void): Promise<void> =>
    ctx.withStore(async ({ store, audit, revoked }) => {
      try {
        await fn({ users: new Users(store.sql, { onChange: revoked }), sessions: new Sessions(store.sql, { onRevoke: revoked }), audit, store });
      } catch (err) {
        if (!isExpected(err)) throw err;
        await audit.write({ actor: ctx.actor(), action: `user.${command}`, target: target ? target.toLowerCase() : null, detail: { error: err.message }, ok: false });
        process.stderr.write(`ops user ${command}: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
  const write = (audit: Audit, command: string, user: User, detail?: Record<string, unknown>): Promise<void> =>
    audit.write({ actor: ctx.actor(), action: `user.${command}`, target: user.username, ...(detail && { detail }), ok: true });

  const user = program.command('user').description('manage the people who sign in to the console');

  user
    .command('add <username>')
    .description('add a local user; the password is typed twice (or read from stdin with --password-stdin)')
    .requiredOption('--role <role>', USER_ROLES.join(' | '), parseRole)
    .option('--name <display name>', 'the name the console shows (default: the user name)')
    .option('--password-stdin', 'read the password from standard input (one line)', false)
    .option('--unit <code>', "a unit's own account: it may submit observations of this unit only (e.g. 01)")
    .action(async (username: string, opts: { role: UserRole; name?: string; passwordStdin: boolean; unit?: string }) => {
      await run('add', username, async ({ users, audit, store }) => {
        // Refuse a taken name or an unknown unit before asking for a password.
        if (await users.find(username)) throw new UserError(`a user named "${username.toLowerCase()}" exists`);
        const unit = opts.unit === undefined ? null : await checkedUnit(store, opts.unit);
        const password = await newPassword(opts.passwordStdin);
        const created = await users.create({ username, role: opts.role, password, unit, ...(opts.name !== undefined && { displayName: opts.name }) });
        await write(audit, 'add', created, { role: created.role, displayName: created.displayName, provider: created.provider, ...(created.unit && { unit: created.unit }) });
        process.stdout.write(`user "${created.username}" (${created.role}${created.unit ? `, unit ${created.unit}` : ''}) added\n`);
      });
    });

  user
    .command('list')
    .description('list users (never their passwords)')
    .action(async () => {
      await run('list', '', async ({ users }) => {
        const rows = await users.list();
        if (rows.length === 0) return void process.stdout.write('no users\n');
        const line = (cols: string[]) => cols.map((c, i) => c.padEnd([20, 24, 11, 10, 25, 25, 0][i] ?? 0)).join(' ').trimEnd();
        process.stdout.write(`${line(['USERNAME', 'NAME', 'ROLE', 'PROVIDER', 'CREATED', 'DISABLED', 'UNIT'])}\n`);
        for (const u of rows) process.stdout.write(`${line([u.username, u.displayName, u.role, u.provider, date(u.createdAt), date(u.disabledAt), u.unit ?? '-'])}\n`);
      });
    });

  user
    .command('passwd <username>')
    .description("set a local user's password; their sessions end")
    .option('--password-stdin', 'read the password from standard input (one line)', false)
    .action(async (username: string, opts: { passwordStdin: boolean }) => {
      await run('passwd', username, async ({ users, sessions, audit }) => {
        const found = await users.find(username);
        if (!found) throw new UserError(`no user named "${username.toLowerCase()}"`);
        if (found.provider !== 'local') throw new UserError(`"${found.username}" signs in through ${found.provider}; it has no password here`);
        const updated = await users.setPassword(username, await newPassword(opts.passwordStdin));
        const ended = await sessions.revokeAllFor(updated.id);
        await write(audit, 'passwd', updated, { sessionsRevoked: ended });
        process.stdout.write(`password of "${updated.username}" changed${ended ? `; ${ended} session${ended === 1 ? '' : 's'} ended` : ''}\n`);
      });
    });

  user
    .command('role <username> <role>')
    .description(`change a user's role (${USER_ROLES.join(', ')}); takes effect at their next request`)
    .action(async (username: string, role: string) => {
      await run('role', username, async ({ users, audit }) => {
        const before = await users.find(username);
        if (!before) throw new UserError(`no user named "${username.toLowerCase()}"`);
        if (!USER_ROLES.includes(role as UserRole)) throw new UserError(`invalid role "${role}": expected one of ${USER_ROLES.join(', ')}`);
        const updated = await users.setRole(username, role as UserRole);
        await write(audit, 'role', updated, { from: before.role, to: updated.role });
        process.stdout.write(`"${updated.username}" is now ${updated.role}\n`);
      });
    });

  user
    .command('unit <username> [code]')
    .description("bind a user to a reporting unit (a unit's own account: it may submit that unit's observations only), or --clear")
    .option('--clear', 'unbind the user from their unit', false)
    .action(async (username: string, code: string | undefined, opts: { clear: boolean }) => {
      await run('unit', username, async ({ users, audit, store }) => {
        const before = await users.find(username);
        if (!before) throw new UserError(`no user named "${username.toLowerCase()}"`);
        if ((code === undefined) === !opts.clear) throw new UserError('expected a unit code or --clear (not both)');
        const updated = await users.setUnit(username, code === undefined ? null : await checkedUnit(store, code));
        await write(audit, 'unit', updated, { from: before.unit, to: updated.unit });
        process.stdout.write(updated.unit ? `"${updated.username}" reports for unit ${updated.unit}\n` : `"${updated.username}" is bound to no unit\n`);
      });
    });

  user
    .command('disable <username>')
    .description('disable a user: they cannot sign in and their sessions end at once')
    .action(async (username: string) => {
      await run('disable', username, async ({ users, sessions, audit }) => {
        const updated = await users.disable(username);
        const ended = await sessions.revokeAllFor(updated.id);
        await write(audit, 'disable', updated, { sessionsRevoked: ended });
        process.stdout.write(`"${updated.username}" disabled${ended ? `; ${ended} session${ended === 1 ? '' : 's'} ended` : ''}\n`);
      });
    });

  user
    .command('enable <username>')
    .description('enable a disabled user again')
    .action(async (username: string) => {
      await run('enable', username, async ({ users, audit }) => {
        const updated = await users.enable(username);
        await write(audit, 'enable', updated);
        process.stdout.write(`"${updated.username}" enabled\n`);
      });
    });
}
