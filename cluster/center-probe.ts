// The center under load, as its users load it, for the failover test and bench: a source posting
// one observation every 100 ms, an operator changing the wall's scene every second, and wall
// pages (sim-wall.ts) split across the servers, each watching the value posted. Sources and
// operators know every server, as pages do: a request that fails (refused connection, 5xx, no
// answer within a few seconds) goes to the next server. An observation that failed is not posted
// again under its number (it may have been committed, its answer lost); a command is sent again
// with the same client id, which the center runs once (while another server still runs it, the
// center says so and the probe asks again); one cut off by its server's death is failed by the
// center, and sent again under a new id, as an operator would. Afterwards `check` compares what was
// acknowledged with what the center holds, and verifies the audit chain with `ops`.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { createApiKey, enrollDisplays } from '../tests/support/server.js';
import type { ClusterState } from './cluster.js';
import { OPS, type ContentServer } from './servers.js';
import { SimWall } from './sim-wall.js';

/** The series the probe writes: an ended period, revised with a new value by each observation. */
const PROBE_POINT = { indicator: 'cpi_yoy', unit: 'VN', period: '2020-01' } as const;
const TOPIC = `series:${PROBE_POINT.indicator}:${PROBE_POINT.unit}` as const;
/** Observation n carries this value (kept small and close: never judged implausible). */
const probeValue = (n: number) => 3 + n / 1e6;
const SCENES = ['overview', 'economy'] as const;
const INGEST_EVERY_MS = 100;
const COMMAND_EVERY_MS = 1000;
const REQUEST_TIMEOUT_MS = 3000;
/** How long a command is sent again before the probe counts it failed. */
const COMMAND_GIVE_UP_MS = 30_000;

export interface IngestAck {
  n: number;
  sent: number;
  at: number;
  server: string;
}

export interface CommandOutcome {
  n: number;
  clientId: string;
  scene: string;
  sent: number;
  /** When the center acknowledged it (null: failed, or cut off by its server's death and sent again under a new id). */
  at: number | null;
  attempts: number;
  error?: string;
}

export interface ProbeCheck {
  observations: { acknowledged: number; lost: number[]; duplicated: number[] };
  commands: { acknowledged: number; failed: CommandOutcome[]; lost: string[]; duplicated: string[] };
  audit: { ok: boolean; output: string };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }));
  });
}

/** Round the servers: the next after `current`. */
const next = (servers: readonly string[], current: string) => servers[(servers.indexOf(current) + 1) % servers.length]!;

export class CenterProbe {
  readonly ingestAcks: IngestAck[] = [];
  readonly ingestErrors: Array<{ at: number; server: string; message: string }> = [];
  readonly commands: CommandOutcome[] = [];
  readonly walls: SimWall[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];

  private constructor(
    private readonly state: ClusterState,
    private readonly keys: { ingest: string; operator: string },
  ) {}

  /**
   * Makes the probe's keys and wall devices with `ops` (as an administrator does), opens `pages`
   * wall pages on the servers in turn (pages 1, 3: server 1; 2, 4: server 2; two per display of
   * the main wall) and starts the source and the operator.
   */
  static async start(state: ClusterState, pages = 4): Promise<CenterProbe> {
    const dataDir = state.servers[0]!.dataDir;
    const env = { DATABASE_URL: state.databaseUrl };
    const ingest = createApiKey(dataDir, `probe-ingest-${Date.now()}`, 'ingest', { env });
    const operator = createApiKey(dataDir, `probe-operator-${Date.now()}`, 'operator', { env });
    const tokens = enrollDisplays(dataDir, 'main', ['d1', 'd2'], undefined, env);
    const probe = new CenterProbe(state, { ingest, operator });
    const urls = state.servers.map((s) => s.url);
    for (let i = 0; i < pages; i++) {
      const displayId = i % 2 === 0 ? 'd1' : 'd2';
      probe.walls.push(new SimWall({ name: `page-${i + 1}`, origin: urls[i % urls.length]!, token: tokens[displayId]!, wallId: 'main', displayId, topic: TOPIC, period: PROBE_POINT.period }));
    }
    probe.loops = [probe.ingestLoop(), probe.commandLoop()];
    return probe;
  }

  /** The last acknowledged observation and command (what every page must end up showing). */
  get lastIngest(): IngestAck | undefined {
    return this.ingestAcks.at(-1);
  }

  get lastScene(): string | undefined {
    // Commands go one at a time: the last acknowledged is the last one in the list.
    return this.commands.findLast((c) => c.at !== null)?.scene;
  }

  /** Of `servers`, the one most pages are connected to now (a tie: the first), and how many. */
  busiest<S extends Pick<ContentServer, 'url'>>(servers: readonly S[]): { server: S; pages: number } {
    const pages = servers.map((s) => this.walls.filter((w) => w.origin === s.url).length);
    const most = Math.max(...pages);
    return { server: servers[pages.indexOf(most)]!, pages: most };
  }

  /** Pages showing the last acknowledged observation, or a later one, and the last acknowledged scene. */
  private currentPages(): SimWall[] {
    const value = this.lastIngest ? probeValue(this.lastIngest.n) : undefined;
    const scene = this.lastScene;
    return this.walls.filter((w) => value !== undefined && (w.last?.value ?? 0) >= value && (scene === undefined || w.scene === scene));
  }

  /** Resolves when observations and commands are acknowledged after `t` and every page shows them. */
  async caughtUp(t: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = (this.lastIngest?.sent ?? 0) > t && this.commands.some((c) => c.at !== null && c.sent > t);
      if (fresh && this.currentPages().length === this.walls.length) return Date.now();
      if (Date.now() > deadline) {
        const pages = this.walls.map((w) => `${w.name} on ${w.origin}: value ${w.last?.value} scene ${w.scene}${w.errors.length ? ` errors ${w.errors.join('; ')}` : ''}`).join('; ');
        throw new Error(`the center did not catch up within ${timeoutMs} ms: last observation ${this.lastIngest?.n} (value ${this.lastIngest && probeValue(this.lastIngest.n)}), scene ${this.lastScene}; ${pages}; last ingest errors: ${this.ingestErrors.slice(-3).map((e) => `${e.server}: ${e.message}`).join(' | ')}`);
      }
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
    for (const w of this.walls) w.close();
  }

  private async ingestLoop(): Promise<void> {
    const urls = this.state.servers.map((s) => s.url);
    let server = urls[0]!;
    for (let n = 1; !this.stopping; n++) {
      const sent = Date.now();
      const body = { observations: [{ ...PROBE_POINT, value: probeValue(n), source: `probe-${n}` }] };
      try {
        const res = await fetch(`${server}/api/v1/observations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.keys.ingest}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
        this.ingestAcks.push({ n, sent, at: Date.now(), server });
      } catch (err) {
        this.ingestErrors.push({ at: Date.now(), server, message: (err as Error).message });
        server = next(urls, server);
      }
      await sleep(Math.max(0, sent + INGEST_EVERY_MS - Date.now()));
    }
  }

  private async commandLoop(): Promise<void> {
    const urls = this.state.servers.map((s) => s.url);
    let server = urls.at(-1)!;
    let resend: string | null = null;
    for (let n = 1; !this.stopping; n++) {
      // A command cut off by its server's death is sent again under a new id, as an operator does.
      const scene: string = resend ?? SCENES[n % SCENES.length]!;
      const c: CommandOutcome = { n, clientId: `probe-cmd-${n}-${this.state.startedAt.replace(/\D/g, '')}`, scene, sent: Date.now(), at: null, attempts: 0 };
      this.commands.push(c);
      resend = null;
      while (c.at === null && Date.now() - c.sent < COMMAND_GIVE_UP_MS) {
        c.attempts++;
        try {
          const res = await fetch(`${server}/api/v1/commands`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${this.keys.operator}` },
            body: JSON.stringify({ clientId: c.clientId, name: 'wall.scene.show', args: { wallId: 'main', sceneId: scene } }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const body = (await res.json().catch(() => null)) as { ok?: boolean; error?: { code?: string; message?: string } } | null;
          // No answer of the center's (a proxy's or a dying server's 5xx): the next server.
          if (typeof body?.ok !== 'boolean') throw new Error(`HTTP ${res.status}`);
          if (body.ok) c.at = Date.now();
          else if (body.error?.code === 'in_progress') {
            c.error = body.error.message ?? 'in progress';
            await sleep(200); // running on another server: ask again with the same id
          } else {
            c.error = `HTTP ${res.status} ${body.error?.code}: ${body.error?.message ?? ''}`;
            if (/interrupted/.test(c.error)) resend = scene;
            break; // the center's answer: sending it again would not change it
          }
        } catch (err) {
          c.error = (err as Error).message;
          server = next(urls, server);
          await sleep(200);
        }
      }
      if (c.at !== null) delete c.error;
      if (resend === null) await sleep(Math.max(0, c.sent + COMMAND_EVERY_MS - Date.now()));
    }
  }

  /** What the center holds against what it acknowledged, and `ops audit verify`. */
  async check(): Promise<ProbeCheck> {
    const sql = postgres(this.state.databaseUrl, { max: 1, connect_timeout: 10, onnotice: () => undefined });
    try {
      const rows = await sql<Array<{ source: string; c: string }>>`
        SELECT source, count(*)::text AS c FROM (
          SELECT source FROM observations WHERE source LIKE 'probe-%'
          UNION ALL SELECT source FROM observation_revisions WHERE source LIKE 'probe-%'
        ) s GROUP BY source`;
      const stored = new Map(rows.map((r) => [Number(r.source.slice('probe-'.length)), Number(r.c)]));
      const acked = this.ingestAcks.map((a) => a.n);
      const audit = await sql<Array<{ detail: string }>>`SELECT detail FROM audit_log WHERE action = 'command.wall.scene.show' AND detail LIKE '%probe-cmd-%'`;
      const executed = new Map<string, number>();
      for (const { detail } of audit) {
        const d = JSON.parse(detail) as { clientId?: string; duplicate?: boolean };
        if (d.clientId && !d.duplicate) executed.set(d.clientId, (executed.get(d.clientId) ?? 0) + 1);
      }
      const logged = new Set((await sql<Array<{ client_id: string }>>`SELECT client_id FROM command_ids WHERE client_id LIKE 'probe-cmd-%'`).map((r) => r.client_id));
      const ackedCommands = this.commands.filter((c) => c.at !== null);
      const verify = await run('node', [OPS, 'audit', 'verify'], { ...process.env, DATA_DIR: this.state.servers[0]!.dataDir, DATABASE_URL: this.state.databaseUrl });
      return {
        observations: { acknowledged: acked.length, lost: acked.filter((n) => !stored.has(n)), duplicated: [...stored].filter(([, c]) => c > 1).map(([n]) => n) },
        commands: {
          acknowledged: ackedCommands.length,
          failed: this.commands.filter((c) => c.at === null),
          lost: ackedCommands.filter((c) => !logged.has(c.clientId) || !executed.has(c.clientId)).map((c) => c.clientId),
          duplicated: [...executed].filter(([, count]) => count > 1).map(([id]) => id),
        },
        audit: { ok: verify.code === 0, output: verify.out.trim() },
      };
    } finally {
      await sql.end();
    }
  }
}
