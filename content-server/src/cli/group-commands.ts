import { USER_ROLES, type UserRole } from '@ioc/protocol';
import { InvalidArgumentError, type Command } from 'commander';
import type { Audit } from '../audit/index.js';
import { GroupError, Groups, UserError, Users } from '../auth/index.js';
import type { UserCommandContext } from './user-commands.js';

function parseRole(value: string): UserRole {
  if (!USER_ROLES.includes(value as UserRole)) throw new InvalidArgumentError(`expected one of ${USER_ROLES.join(', ')}`);
  return value as UserRole;
}

/**
 * `ops group list|create|add|remove`: the console's Groups screen on the server's shell, for a
 * site set up before anyone can sign in (e.g. mapping the provider's admin group). A change here
 * reaches the servers' open consoles through their store watch or, on PostgreSQL, the notice
 * `ops` sends on their bus (auth/revocation.ts, store-access.ts). Audited as the
 * routes are, with the CLI as the actor.
 */
export function registerGroupCommands(program: Command, ctx: Pick<UserCommandContext, 'withStore' | 'actor'>): void {
  const run = (command: string, target: string, fn: (s: { groups: Groups; users: Users; audit: Audit }) => Promise<void>): Promise<void> =>
    ctx.withStore(async ({ store, audit, revoked }) => {
      try {
        await fn({ groups: new Groups(store.sql, { onChange: revoked }), users: new Users(store.sql, { onChange: revoked }), audit });
      } catch (err) {
        if (!(err instanceof GroupError || err instanceof UserError)) throw err;
        await audit.write({ actor: ctx.actor(), action: `group.${command === 'add' || command === 'remove' ? `member.${command}` : command}`, target: target.toLowerCase() || null, detail: { error: err.message }, ok: false });
        process.stderr.write(`ops group ${command}: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
  const mustFind = async (groups: Groups, name: string) => {
    const group = await groups.findByName(name);
    if (!group) throw new GroupError(`no group named "${name.toLowerCase()}"`);
    return group;
  };
  const mustFindUser = async (users: Users, name: string) => {
    const user = await users.find(name);
    if (!user) throw new UserError(`no user named "${name.toLowerCase()}"`);
    return user;
  };

  const group = program.command('group').description('manage groups that grant roles to their members');

  group
    .command('list')
    .description('list groups with their role, provider groups and members')
    .action(async () => {
      await run('list', '', async ({ groups }) => {
        const rows = await groups.list();
        if (rows.length === 0) return void process.stdout.write('no groups\n');
        for (const g of rows) {
          const idp = g.idpGroups.length > 0 ? ` idp: ${g.idpGroups.join(', ')}` : '';
          process.stdout.write(`${g.name} (${g.role}${g.disabledAt !== null ? ', disabled' : ''})${idp} members: ${g.members.map((m) => m.username).join(', ') || '-'}\n`);
        }
      });
    });

  group
    .command('create <name>')
    .description('create a group granting a role')
    .requiredOption('--role <role>', USER_ROLES.join(' | '), parseRole)
    .option('--name <display name>', 'the name the console shows (default: the group name)')
    .option('--idp <groups>', "the identity provider's groups it stands for, comma-separated")
    .action(async (name: string, opts: { role: UserRole; name?: string; idp?: string }) => {
      await run('create', name, async ({ groups, audit }) => {
        const idpGroups = (opts.idp ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        const created = await groups.create({ name, role: opts.role, idpGroups, ...(opts.name !== undefined && { displayName: opts.name }) });
        await audit.write({ actor: ctx.actor(), action: 'group.create', target: created.name, detail: { id: created.id, role: created.role, idpGroups: created.idpGroups }, ok: true });
        process.stdout.write(`group "${created.name}" (${created.role}) created\n`);
      });
    });

  group
    .command('add <group> <username>')
    .description('add a user to a group')
    .action(async (name: string, username: string) => {
      await run('add', name, async ({ groups, users, audit }) => {
        const g = await mustFind(groups, name);
        const user = await mustFindUser(users, username);
        await groups.addMember(g.id, user.id);
        await audit.write({ actor: ctx.actor(), action: 'group.member.add', target: g.name, detail: { id: g.id, username: user.username, role: g.role }, ok: true });
        process.stdout.write(`"${user.username}" added to "${g.name}" (${g.role})\n`);
      });
    });

  group
    .command('remove <group> <username>')
    .description('remove a user from a group (refused when it would leave no enabled admin)')
    .action(async (name: string, username: string) => {
      await run('remove', name, async ({ groups, users, audit }) => {
        const g = await mustFind(groups, name);
        const user = await mustFindUser(users, username);
        await groups.guarded(
          (tx) => groups.removeMember(g.id, user.id, tx),
          async (tx) => ((await groups.enabledAdmins(tx)) === 0 ? 'at least one enabled admin must remain' : null),
        );
        await audit.write({ actor: ctx.actor(), action: 'group.member.remove', target: g.name, detail: { id: g.id, username: user.username }, ok: true });
        process.stdout.write(`"${user.username}" removed from "${g.name}"\n`);
      });
    });
}
