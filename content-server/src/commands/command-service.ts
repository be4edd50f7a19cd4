import { CommandEnvelopeSchema, type CommandDefinition, type CommandError, type Label, type CommandResult, type DeviceExchange, type MacroStepResult, type UndoCommand, type UserRole } from '@ioc/protocol';
import type { Audit, AuditEntry } from '../audit/index.js';
import { describeIssues } from '../describe-issues.js';
import type { DevicesDomain } from '../devices/index.js';
import type { Logger } from '../logger.js';
import type { Failure } from '../store/index.js';
import type { Sql } from '../store/sql.js';
import type { WallDomain } from '../wall/index.js';
import { formatPath } from '../wall/layouts-validate.js';
import { macroRefusal, mayRun, wallChangeRefusal } from './authorise.js';
import { isMacro, type CommandCatalog } from './catalog.js';
import { CommandLog } from './command-log.js';
import { LaterWrites } from './later-writes.js';
import { planDeviceCommand, runDeviceSteps, undoFor } from './device-executor.js';
import { runMacro } from './macro-runner.js';
import { CommandRefusal } from './refusal.js';
import { planWallChange, planWallCommand } from './wall-executor.js';

/** Who sends a command: a signed-in user, an API key, the CLI. */
export interface CommandActor {
  kind: 'user' | 'key' | 'cli';
  /** The user's or key's row id: a key name may be reused once revoked, an id never. */
  id?: number;
  name: string;
  role: UserRole | 'ingest' | 'reader';
}

export const actorLabel = (a: CommandActor): string => `${a.kind}:${a.name}`;

/** Who owns a command id: `user#12`, `key#3` (the command log's `principal` column). */
export const ownerOf = (a: CommandActor): string => `${a.kind}#${a.id ?? a.name}`;

/** What running one command (not a macro) did. */
export interface RanCommand {
  ok: boolean;
  error?: CommandError;
  exchanges?: DeviceExchange[];
  undo?: UndoCommand;
  durationMs: number;
}

type Args = Record<string, unknown>;

/** How often a server of several looks for commands left running by a server that stopped. */
const SWEEP_MS = 30_000;

/**
 * The command path: received -> validated (envelope, catalog, role, arguments, confirmation,
 * target exists and can do it) -> translated -> executed (wall state, device queue, or a macro's
 * steps) -> result. Every outcome, refusals included, is written to the audit log with the
 * actor's role, the arguments, the bytes exchanged and the duration. A client id is executed
 * once: a repeat from the same principal gets the first result (or waits for it) marked
 * `duplicate`; the same id from another principal is refused (`conflict`) and learns nothing
 * of the first. A macro is authorised step by step, and a wall or briefing command may change
 * only what its sender may change directly (authorise.ts).
 */
export class CommandService {
  readonly log: CommandLog;
  private readonly running = new Map<string, { owner: string; result: Promise<CommandResult> }>();
  private sweep: NodeJS.Timeout | null = null;
  /** Per device: the last command on its way from `execute` to the device's queue (see `arrive`). */
  private readonly arriving = new Map<string, Promise<void>>();
  /** A command's audit line and log end when the store fails after the command was logged (a database failover). */
  private readonly later: LaterWrites;
  /** Per command whose log end waits for the store: until it lands, a repeat is answered from `running`. */
  private readonly unlogged = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      sql: Sql;
      catalog: CommandCatalog;
      wall: WallDomain;
      devices: DevicesDomain;
      audit: Audit;
      logger: Logger;
      /** Reporting units a drill-down may name; null accepts any well-formed code. */
      units: ReadonlySet<string> | null;
      /** Notes a failure of the store or disk for /healthz (HealthMonitor.noteError); null for a bug. */
      failures?: (err: unknown, what: string) => Failure | null;
      /** This server's id, logged with each command it runs, and whether another server still runs (cluster/). Absent: this server is alone. */
      servers?: { self: string; alive(serverId: string): Promise<boolean>; several: boolean };
    },
  ) {
    this.log = new CommandLog(deps.sql);
    this.later = new LaterWrites((err, what) => (deps.failures?.(err, what) ?? null) !== null, deps.logger);
  }

  /**
   * Marks the commands a stopped server cut off as failed (before this server takes new ones):
   * alone, every command still running is this process's predecessor's; with several servers,
   * only those of a server whose liveness lease has ended, looked for again every SWEEP_MS.
   */
  async start(): Promise<void> {
    await this.failCutOff();
    if (!this.deps.servers?.several) return;
    this.sweep = setInterval(() => void this.failCutOff().catch((err: unknown) => this.deps.logger.warn({ err }, 'looking for commands of stopped servers failed; trying again')), SWEEP_MS);
    this.sweep.unref();
  }

  /** Stops looking for commands of stopped servers. */
  stop(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
  }

  private async failCutOff(): Promise<void> {
    const servers = this.deps.servers;
    const n = await this.log.failInterrupted(servers ? (id) => servers.alive(id) : async () => false);
    if (n > 0) this.deps.logger.warn({ commands: n }, 'commands cut off by a stopped server are marked failed; an admin may re-send them');
  }

  async execute(raw: unknown, actor: CommandActor, opts: { resendOf?: string } = {}): Promise<CommandResult> {
    const started = performance.now();
    const who = { actor: actorLabel(actor), role: actor.role };
    const rawId = (raw as { clientId?: unknown } | null)?.clientId;
    const env = CommandEnvelopeSchema.safeParse(raw);
    if (!env.success) {
      const clientId = typeof rawId === 'string' ? rawId : null;
      const error: CommandError = { code: 'invalid', message: `invalid command: ${describeIssues(env.error.issues)}` };
      await this.audit({ ...who, action: 'command.invalid', detail: { clientId, error }, ok: false });
      return { ok: false, clientId, error };
    }
    const { clientId, name, confirmed } = env.data;
    const action = `command.${name}`;
    const refuse = async (error: CommandError, target: string | null = null, args?: unknown): Promise<CommandResult> => {
      await this.audit({ ...who, action, target, detail: { clientId, args, error }, ok: false, durationMs: ms(started) });
      return { ok: false, clientId, name, error };
    };

    const def = this.deps.catalog.get(name);
    if (!def) return refuse({ code: 'not_found', message: `unknown command "${name}"` });
    if (!mayRun(def, actor.role)) {
      return refuse({ code: 'forbidden', message: `the ${actor.role} role may not run ${name} (allowed: ${def.roles.join(', ')})` }, null, env.data.args);
    }
    // Every step, before any runs: a macro never does what its sender may not do directly.
    const stepRefusal = isMacro(def) ? macroRefusal(name, def.macro, actor.role) : null;
    if (stepRefusal) return refuse({ code: 'forbidden', message: stepRefusal }, null, env.data.args);
    const parsed = def.args.safeParse(env.data.args);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const error: CommandError = { code: 'invalid', message: `invalid arguments for ${name}: ${describeIssues(parsed.error.issues)}` };
      if (first && first.path.length) error.field = formatPath(first.path);
      return refuse(error, null, env.data.args);
    }
    const args = parsed.data as Args;
    const target = targetOf(args);

    const owner = ownerOf(actor);
    const line = def.drivers && !isMacro(def) && target !== null ? this.arrive(target) : null;
    try {
      const earlier = await this.earlier(clientId, actor);
      if (earlier === 'conflict') return refuse(conflict(clientId), target, args);
      if (earlier) {
        await this.audit({ ...who, action, target, detail: { clientId, duplicate: true }, ok: true });
        return { ...earlier, duplicate: true };
      }
      if (def.confirm && confirmed !== true) {
        return refuse({ code: 'confirm_required', message: `${name} needs a confirmation: send it again with "confirmed": true`, prompt: this.confirmPrompt(def, args) }, target, args);
      }

      if (isMacro(def)) {
        if (!(await this.log.begin({ clientId, name, args, ...who, owner, target: null, resendOf: opts.resendOf ?? null, runner: this.deps.servers?.self ?? null }))) return this.duplicateOf(clientId, actor, action, refuse);
        const p = (async (): Promise<CommandResult> => {
          const ran = await runMacro(def.macro, {
            clientId,
            conditionHolds: (c) => this.conditionHolds(c),
            runStep: (stepDef, stepArgs, stepId) => this.runOne(stepDef, stepArgs, actor, { clientId: stepId, macro: name }),
          });
          const result: CommandResult = ran.ok
            ? { ok: true, clientId, name, duplicate: false, steps: ran.steps, durationMs: ms(started) }
            : { ok: false, clientId, name, duplicate: false, error: ran.error!, steps: ran.steps, durationMs: ms(started) };
          await this.audit({ ...who, action, target: null, detail: { clientId, macro: true, steps: ran.steps.map(stepSummary), resendOf: opts.resendOf }, ok: ran.ok, durationMs: ms(started) });
          await this.finish(clientId, result);
          return result;
        })();
        return this.track(clientId, owner, p);
      }

      // Checks that need the room (the wall, the device) come before anything is recorded, so a
      // refused command can be corrected and sent again with the same id.
      let plannedDevice: ReturnType<typeof planDeviceCommand> | null = null;
      try {
        if (def.drivers) plannedDevice = planDeviceCommand(this.deps.devices, def, args);
        else {
          const why = wallChangeRefusal(name, (await planWallCommand(this.deps.wall, name, args, this.deps.units)).patch, actor.role);
          if (why) return refuse({ code: 'forbidden', message: why }, target, args);
        }
      } catch (err) {
        if (err instanceof CommandRefusal) return refuse(err.toError(), target, args);
        throw err;
      }
      if (!(await this.log.begin({ clientId, name, args, ...who, owner, target, resendOf: opts.resendOf ?? null, runner: this.deps.servers?.self ?? null }))) return this.duplicateOf(clientId, actor, action, refuse);
      await line?.turn;
      const p = (async (): Promise<CommandResult> => {
        const running = this.runOne(def, args, actor, { clientId, resendOf: opts.resendOf, planned: plannedDevice });
        // runOne has queued the command (or had it refused) before its first wait.
        line?.done();
        const ran = await running;
        const detail = { exchanges: ran.exchanges, undo: ran.undo, durationMs: ran.durationMs };
        const result = strip(ran.ok ? { ok: true, clientId, name, duplicate: false, ...detail } : { ok: false, clientId, name, duplicate: false, error: ran.error!, ...detail }) as CommandResult;
        await this.finish(clientId, result);
        return result;
      })();
      return this.track(clientId, owner, p);
    } finally {
      line?.done();
    }
  }

  /**
   * A place in the device's line, taken when a command reaches `execute`: commands to one device
   * reach its queue in that order, as they do when the store answers at once (SQLite). On
   * PostgreSQL the id check and claim before it are round trips on a pool, which finish in any
   * order; they still run side by side. `turn` resolves once every command before this one is
   * queued or out of the line; `done` (at least once, on every path) takes this one out.
   */
  private arrive(device: string): { turn: Promise<void>; done: () => void } {
    const turn = this.arriving.get(device) ?? Promise.resolve();
    let leave!: () => void;
    const left = new Promise<void>((r) => (leave = r));
    // The next command waits for this one and, through it, for every one before.
    const after = turn.then(() => left);
    this.arriving.set(device, after);
    void after.then(() => {
      if (this.arriving.get(device) === after) this.arriving.delete(device);
    });
    return { turn, done: leave };
  }

  /**
   * Runs one catalog command (not a macro) whose arguments are valid and whose sender may run
   * it, and audits it. Used for single commands and for each step of a macro.
   */
  async runOne(def: CommandDefinition, args: Args, actor: CommandActor, ctx: { clientId: string; macro?: string; resendOf?: string | undefined; planned?: ReturnType<typeof planDeviceCommand> | null }): Promise<RanCommand> {
    const started = performance.now();
    // Kept and written once the store is back when it fails now: the command's outcome stands.
    const audit = (ok: boolean, extra: Record<string, unknown>): Promise<void> =>
      this.audit({
        actor: actorLabel(actor),
        role: actor.role,
        action: `command.${def.name}`,
        target: targetOf(args),
        detail: strip({ clientId: ctx.clientId, args, macro: ctx.macro, resendOf: ctx.resendOf, ...extra }),
        ok,
        durationMs: ms(started),
      });
    try {
      // Checked again here: a macro's steps come through this door too.
      if (!mayRun(def, actor.role)) throw new CommandRefusal('forbidden', `the ${actor.role} role may not run ${def.name} (allowed: ${def.roles.join(', ')})`);
      if (def.drivers) {
        const { device, steps, urgent } = ctx.planned ?? planDeviceCommand(this.deps.devices, def, args);
        const before = device.status().state;
        const out = await runDeviceSteps(device, steps, { urgent });
        const undo = out.ok && def.undo ? undoFor(def.name, args, before) : null;
        const error = out.error?.toError();
        await audit(out.ok, { exchanges: out.exchanges, error, undo });
        return strip({ ok: out.ok, error, exchanges: out.exchanges, undo: undo ?? undefined, durationMs: ms(started) }) as RanCommand;
      }
      let change = await planWallCommand(this.deps.wall, def.name, args, this.deps.units, actorLabel(actor));
      const refuse = (c: typeof change) => {
        const why = wallChangeRefusal(def.name, c.patch, actor.role);
        if (why) throw new CommandRefusal('forbidden', why);
      };
      refuse(change);
      // A wall-file change (calibration) is published by the layouts reload it makes.
      const effect = change.effect?.();
      if (!change.effect) {
        // Planned again on the wall's row as locked for the write: another server's change made
        // meanwhile (a briefing's next step) is built on, not overwritten.
        await this.deps.wall.states.update(change.wallId, (r) => {
          change = planWallChange(this.deps.wall, def.name, args, this.deps.units, actorLabel(actor), r);
          refuse(change);
          return change.patch;
        });
        await this.deps.wall.publish(change.wallId);
      }
      await audit(true, { undo: change.undo, ...effect });
      this.deps.logger.info({ command: def.name, args, actor: actorLabel(actor) }, 'command executed');
      return strip({ ok: true, undo: change.undo ?? undefined, durationMs: ms(started) }) as RanCommand;
    } catch (err) {
      const failure = err instanceof CommandRefusal ? null : (this.deps.failures?.(err, `command ${def.name}`) ?? null);
      const error: CommandError = err instanceof CommandRefusal ? err.toError() : { code: 'failed', message: failure ? failure.text.en : (err as Error).message };
      if (!(err instanceof CommandRefusal) && !failure) this.deps.logger.error({ err, command: def.name }, 'command failed unexpectedly');
      await audit(false, { error });
      return { ok: false, error, durationMs: ms(started) };
    }
  }

  /** "Xác nhận: Nguồn màn hình — Màn hình ghép trái?": the command, and the device or wall it goes to by name. */
  private confirmPrompt(def: CommandDefinition, args: Args): Label {
    const device = typeof args.device === 'string' ? this.deps.devices.get(args.device)?.profile.name : undefined;
    const wall = typeof args.wallId === 'string' ? this.deps.wall.layouts.wall(args.wallId)?.name : undefined;
    const on = device ?? wall;
    return on ? { vi: `Xác nhận: ${def.label.vi} — ${on.vi}?`, en: `Confirm: ${def.label.en} — ${on.en}?` } : { vi: `Xác nhận: ${def.label.vi}?`, en: `Confirm: ${def.label.en}?` };
  }

  /** The admin's "send it again" for a failed command: a new run, linked to the failed one. */
  async resend(clientId: string, actor: CommandActor, newClientId: string): Promise<CommandResult> {
    // The role first: anyone else learns nothing of the command log, not even whether an id exists.
    if (actor.role !== 'admin') return { ok: false, clientId: newClientId, error: { code: 'forbidden', message: 'only an admin may re-send a failed command' } };
    const old = await this.log.get(clientId);
    if (!old) return { ok: false, clientId: newClientId, error: { code: 'not_found', message: `no command with client id "${clientId}"` } };
    if (old.status !== 'failed') return { ok: false, clientId: newClientId, error: { code: 'invalid', message: `command "${clientId}" did not fail (it is ${old.status}); only failed commands are re-sent` } };
    // Run as the admin, under the admin's role, step by step: a re-send grants nothing the admin lacks.
    return this.execute({ clientId: newClientId, name: old.name, args: old.args ?? {}, confirmed: true }, actor, { resendOf: clientId });
  }

  private async conditionHolds(c: import('@ioc/protocol').MacroCondition): Promise<boolean> {
    if ('device' in c) {
      const d = this.deps.devices.get(c.device);
      if (!d) return false;
      const s = d.status();
      if (c.online !== undefined && (s.status === 'online') !== c.online) return false;
      for (const [k, v] of Object.entries(c.state ?? {})) if (s.state[k] !== v) return false;
      return true;
    }
    const r = await this.deps.wall.states.record(c.wall);
    if (!r) return false;
    if (c.scene !== undefined && r.sceneId !== c.scene) return false;
    if (c.language !== undefined && r.language !== c.language) return false;
    if (c.inBriefing !== undefined && (r.briefing !== null) !== c.inBriefing) return false;
    return true;
  }

  /**
   * The first result of this id when the same principal sent it (waited for while it runs here);
   * `conflict` when another did; an `in_progress` error while another server of the center still runs it.
   * A command left running by a server that stopped is failed now (cut off), not 30 s later by
   * the sweep: the sender learns at once that it must decide whether to send it again.
   */
  private async earlier(clientId: string, actor: CommandActor): Promise<CommandResult | 'conflict' | null> {
    const owner = ownerOf(actor);
    const inFlight = this.running.get(clientId);
    if (inFlight) return inFlight.owner === owner ? inFlight.result : 'conflict';
    const logged = await this.log.get(clientId);
    if (!logged) return null;
    // Rows from before principals were kept are owned by their actor's name.
    const mine = logged.principal !== null ? logged.principal === owner : logged.actor === actorLabel(actor);
    if (!mine) return 'conflict';
    if (logged.status !== 'running') return logged.result;
    // Alone, a command still running is this process's (between its log line and its start: its
    // predecessor's were failed at start); with several servers, its runner's if that one lives.
    const servers = this.deps.servers;
    if (!servers?.several) return inProgress(clientId);
    const now = await this.log.outcome(clientId, (id) => (id === servers.self ? Promise.resolve(true) : servers.alive(id)));
    return now === 'running' ? inProgress(clientId) : (now?.result ?? null);
  }

  private async duplicateOf(clientId: string, actor: CommandActor, action: string, refuse: (e: CommandError) => Promise<CommandResult>): Promise<CommandResult> {
    const earlier = await this.earlier(clientId, actor);
    if (earlier === 'conflict') return refuse(conflict(clientId));
    const r = earlier ?? { ok: false as const, clientId, error: { code: 'failed' as const, message: 'a command with this client id is still being recorded' } };
    await this.audit({ actor: actorLabel(actor), role: actor.role, action, detail: { clientId, duplicate: true }, ok: true });
    return { ...r, duplicate: true };
  }

  private track(clientId: string, owner: string, p: Promise<CommandResult>): Promise<CommandResult> {
    this.running.set(clientId, { owner, result: p });
    // The caller hears a failure through `p`; this copy of it is only bookkeeping. A result whose
    // log end waits for the store is still answered from here until it lands.
    void p
      .catch(() => undefined)
      .then(() => this.unlogged.get(clientId))
      .finally(() => {
        this.running.delete(clientId);
        this.unlogged.delete(clientId);
      });
    return p;
  }

  /** Writes an audit line; when the store fails, once it is back: the command's answer stands. */
  private async audit(entry: AuditEntry): Promise<void> {
    await this.later.write(`audit ${entry.action}`, () => this.deps.audit.write(entry));
  }

  /** Records how a command ended; when the store fails, once it is back (see `track`). */
  private async finish(clientId: string, result: CommandResult): Promise<void> {
    const { now, landed } = await this.later.write(`end of command ${clientId}`, () => this.log.finish(clientId, result));
    if (!now) this.unlogged.set(clientId, landed);
  }

  /**
   * Waits for the commands under way to end, their results logged: at shutdown, once the devices
   * stopped (which ends their commands at once, as cancelled), before the store closes.
   */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.result));
    await this.later.settle();
  }
}

/** The same client id from another principal: refused, and nothing of the first is told. */
const conflict = (clientId: string): CommandError => ({
  code: 'conflict',
  message: `the command id "${clientId}" is already used by another sender; send the command again with a new id`,
});

const ms = (since: number): number => Math.round((performance.now() - since) * 100) / 100;

/** The wall or device a command is aimed at, for the audit log's target column. */
function targetOf(args: Args): string | null {
  if (typeof args.device === 'string') return args.device;
  if (typeof args.wallId === 'string') return args.wallId;
  return null;
}

/** Drops undefined fields (exactOptionalPropertyTypes, and tidier JSON). */
function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const stepSummary = (s: MacroStepResult) => ({ index: s.index, command: s.command, status: s.status, error: s.error?.message });

/** The answer to a client id whose command another server of the center still runs. */
function inProgress(clientId: string): CommandResult {
  return { ok: false, clientId, error: { code: 'in_progress', message: 'lệnh này đang chạy trên một máy chủ khác; hỏi lại sau giây lát với cùng mã / this command is still running on another server of the center; ask again shortly with the same client id' } };
}
