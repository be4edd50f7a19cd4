import { CommandEnvelopeSchema, type CommandEnvelope, type CommandError, type CommandResult } from '@ioc/protocol';
import type { Audit } from '../audit/index.js';
import { describeIssues } from '../describe-issues.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/index.js';
import type { WallDomain } from '../wall/index.js';

/** Who sent a command: the console's key. */
export interface CommandActor {
  keyId: number;
  keyName: string;
}

/**
 * Executes console commands. A command is validated, checked against the layouts, then
 * applied together with its `clientId` in one transaction: the same clientId is never
 * executed twice (a console retrying after a lost ack gets `duplicate: true`). A refused
 * command changes nothing and is not remembered, so the console may fix and resend it.
 */
export class CommandService {
  private readonly findId;
  private readonly insertId;

  constructor(
    private readonly db: Db,
    private readonly wall: WallDomain,
    private readonly audit: Audit,
    private readonly log: Logger,
  ) {
    this.findId = db.prepare<[string], { result: string }>('SELECT result FROM command_ids WHERE client_id = ?');
    this.insertId = db.prepare('INSERT INTO command_ids (client_id, name, result, executed_at) VALUES (?, ?, ?, ?)');
  }

  execute(raw: unknown, actor: CommandActor): CommandResult {
    const parsed = CommandEnvelopeSchema.safeParse(raw);
    const actorName = `key:${actor.keyName}`;
    if (!parsed.success) {
      const clientId = typeof (raw as { clientId?: unknown } | null)?.clientId === 'string' ? (raw as { clientId: string }).clientId : null;
      const error: CommandError = { code: 'invalid', message: `invalid command: ${describeIssues(parsed.error.issues)}` };
      this.audit.write({ actor: actorName, action: 'command.invalid', target: null, detail: { clientId, error }, ok: false });
      return { ok: false, clientId, error };
    }
    const cmd = parsed.data;
    const action = `command.${cmd.name}`;
    if (this.findId.get(cmd.clientId)) {
      this.audit.write({ actor: actorName, action, target: cmd.args.wallId, detail: { clientId: cmd.clientId, duplicate: true }, ok: true });
      return { ok: true, clientId: cmd.clientId, duplicate: true };
    }
    const refusal = this.check(cmd);
    if (refusal) {
      this.audit.write({ actor: actorName, action, target: cmd.args.wallId, detail: { clientId: cmd.clientId, args: cmd.args, error: refusal }, ok: false });
      return { ok: false, clientId: cmd.clientId, error: refusal };
    }
    const result: CommandResult = { ok: true, clientId: cmd.clientId, duplicate: false };
    const now = Date.now();
    this.db.transaction(() => {
      if (cmd.name === 'wall.scene.show') this.wall.states.setScene(cmd.args.wallId, cmd.args.sceneId, now);
      else this.wall.states.setLanguage(cmd.args.wallId, cmd.args.language, now);
      this.insertId.run(cmd.clientId, cmd.name, JSON.stringify(result), now);
    })();
    this.audit.write({ actor: actorName, action, target: cmd.args.wallId, detail: { clientId: cmd.clientId, args: cmd.args }, ok: true });
    this.log.info({ command: cmd.name, args: cmd.args, keyName: actor.keyName }, 'command executed');
    this.wall.publish(cmd.args.wallId);
    return result;
  }

  private check(cmd: CommandEnvelope): CommandError | null {
    const wall = this.wall.layouts.wall(cmd.args.wallId);
    if (!wall) return { code: 'not_found', message: `unknown wall "${cmd.args.wallId}"` };
    if (cmd.name === 'wall.scene.show') {
      const scene = this.wall.layouts.scene(cmd.args.sceneId);
      if (!scene) return { code: 'not_found', message: `unknown scene "${cmd.args.sceneId}"` };
      if (scene.wall !== wall.id) return { code: 'invalid', message: `scene "${scene.id}" is laid out for wall "${scene.wall}", not "${wall.id}"` };
    }
    return null;
  }
}
