// Edges: inputs of any shape or size are refused at the edge (4xx or an ack error), before any
// parsing, validation or audit work, and never take the process down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from './target.js';
import { zipBomb } from './zip-bomb.js';
import ExcelJS from 'exceljs';

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

/** `[[[...]]]` nested `depth` levels, as text (building it as a value would overflow our own stack). */
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Writes a raw socket.io packet (the client library would walk a deep value itself) and resolves with the ack packet of id `id`. */
function rawAck(socket: Awaited<ReturnType<Target['console']>>, packet: string, id: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer'), 15_000);
    const onPacket = (p: { data?: unknown }) => {
      if (typeof p.data === 'string' && p.data.startsWith(`3/console,${id}[`)) {
        clearTimeout(timer);
        socket.io.engine.off('packet', onPacket);
        resolve(p.data);
      }
    };
    socket.io.engine.on('packet', onPacket);
    socket.io.engine.write(packet);
  });
}

function emitWithAck(socket: Awaited<ReturnType<Target['console']>>, event: string, ...args: unknown[]): Promise<unknown> {
  return socket.timeout(10_000).emitWithAck(event, ...args);
}

describe('deeply nested arguments', () => {
  it('a viewer\'s console command nested 100k levels deep (500 KB) is cut off by the engine and the server stays up', async () => {
    const before = { audit: target.lastAuditId(), commands: target.count('command_ids') };
    const socket = await target.console(target.sessions.viewer);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.io.engine.write(`2/console,7["command",{"clientId":"deep-attack-1","name":"display.power","args":${deepObject(100_000)}}]`);
    // Past the frame limit (64 KiB): engine.io closes the connection before decoding anything.
    expect(await closed).toMatch(/transport (close|error)/);
    expect(await target.alive()).toBe(true);
    expect(target.count('command_ids')).toBe(before.commands);
    expect(target.auditSince(before.audit).filter((a) => a.action.startsWith('command.'))).toEqual([]);
  });

  it('a viewer\'s console command nested 30k levels deep within the frame limit gets an ack error, audited, nothing stored', async () => {
    const before = { audit: target.lastAuditId(), commands: target.count('command_ids') };
    const socket = await target.console(target.sessions.viewer);
    const ack = await rawAck(socket, `2/console,7["command",{"clientId":"deep-attack-1","name":"display.power","args":${deepArray(30_000)}}]`, 7);
    expect(await target.alive()).toBe(true);
    expect(JSON.parse(ack.slice(ack.indexOf('[')))).toEqual([{ ok: false, clientId: null, error: { code: 'invalid', message: 'the JSON is nested deeper than 16 levels (event "command")', text: { en: expect.any(String), vi: 'dữ liệu JSON lồng sâu quá 16 cấp (sự kiện "command")' } } }]);
    expect(socket.connected).toBe(true);
    expect(target.count('command_ids')).toBe(before.commands);
    const refused = target.auditSince(before.audit);
    expect(refused).toEqual([expect.objectContaining({ actor: 'user:attack-viewer', action: 'edge.refused', target: '/console command', ok: 0 })]);
    expect(JSON.parse(refused[0]!.detail!)).toMatchObject({ reason: 'depth', address: expect.any(String) });
  });

  it('the same body over HTTP is a 413 in the usual shape, audited, nothing stored', async () => {
    const before = { audit: target.lastAuditId(), commands: target.count('command_ids') };
    const res = await fetch(`${target.url}/api/v1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.sessions.viewer}` },
      body: `{"clientId":"deep-attack-2","name":"display.power","args":${deepObject(100_000)}}`,
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: Array<{ field: string; message: string }> };
    expect(body.errors[0]).toMatchObject({ field: 'body', message: expect.stringMatching(/nested deeper than/) });
    expect(await target.alive()).toBe(true);
    expect(target.count('command_ids')).toBe(before.commands);
    const refused = target.auditSince(before.audit).filter((a) => a.action === 'edge.refused');
    expect(refused).toEqual([expect.objectContaining({ actor: 'user:attack-viewer', target: 'POST /api/v1/commands', ok: 0 })]);
  });
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Posts a file with the ingest key and polls /healthz (1 s bound) until the answer comes. */
async function uploadWatchingHealth(body: Buffer | string, type: string) {
  const answer = fetch(`${target.url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${target.keys.ingest}` }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  let settled = false;
  void answer.finally(() => (settled = true));
  const health: boolean[] = [];
  while (!settled) health.push(await target.alive(1000));
  const res = await answer;
  return { status: res.status, body: (await res.json()) as { errors: Array<{ field: string; message: string; text?: { vi: string; en: string } }> }, health };
}

describe('what inflates', () => {
  it.each([
    ['declares its size honestly (300 MB)', 300 * 1024 * 1024, undefined, /would be 314572800 bytes/],
    ['lies about its size (declares 1 KB, inflates to 300 MB)', 300 * 1024 * 1024, 1024, /inflates past its declared 1024 bytes/],
  ])('an XLSX zip bomb that %s is refused with a 413 while health answers within 1 s', async (_, inflated, declared, message) => {
    const bomb = await zipBomb(inflated, declared);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = { audit: target.lastAuditId(), observations: target.count('observations'), submissions: target.count('submissions') };
    const { status, body, health } = await uploadWatchingHealth(bomb, XLSX_TYPE);
    expect(status).toBe(413);
    expect(body.errors[0]).toMatchObject({ field: 'body', message: expect.stringMatching(message), text: { vi: expect.stringMatching(/quá lớn khi giải nén/) } });
    expect(health.every(Boolean)).toBe(true);
    expect(await target.alive()).toBe(true);
    expect(target.count('observations')).toBe(before.observations);
    expect(target.count('submissions')).toBe(before.submissions);
    expect(target.auditSince(before.audit)).toEqual([expect.objectContaining({ actor: 'key:attack-ingest', action: 'ingest.batch', ok: 0 })]);
  });

  it('a real workbook of 19,000 rows is refused (413) before it is read, while health answers within 1 s', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['indicator', 'unit', 'period', 'value', 'source']);
    for (let i = 0; i < 19_000; i++) ws.addRow(['exports', 'VN', '2025-07', i, 'attack']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const before = { observations: target.count('observations'), submissions: target.count('submissions') };
    const { status, body, health } = await uploadWatchingHealth(file, XLSX_TYPE);
    expect(status).toBe(413);
    expect(body.errors[0]).toMatchObject({ field: 'body', message: 'the workbook is too large once unpacked: more than 5200 rows', text: { vi: 'tệp XLSX quá lớn khi giải nén: quá 5200 dòng' } });
    expect(health.every(Boolean)).toBe(true);
    expect(target.count('observations')).toBe(before.observations);
    expect(target.count('submissions')).toBe(before.submissions);
  });

  it.each([
    ['60 columns', `${['indicator', 'unit', 'period', 'value', 'source', ...Array.from({ length: 55 }, (_, i) => `x${i}`)].join(',')}\nexports,VN,2025-07,1,a\n`, /more than 50/],
    ['a cell of 5,000 characters', `indicator,unit,period,value,source\nexports,VN,2025-07,1,${'a'.repeat(5000)}\n`, /a cell of 5000 characters/],
    ['20,000 rows', `indicator,unit,period,value,source\n${'exports,VN,2025-07,1,a\n'.repeat(20_000)}`, /more than 5000 data rows/],
  ])('a CSV with %s is refused with a 413 in both languages, nothing stored', async (_, csv, message) => {
    const before = { observations: target.count('observations'), submissions: target.count('submissions') };
    const { status, body } = await uploadWatchingHealth(csv, 'text/csv');
    expect(status).toBe(413);
    expect(body.errors[0]).toMatchObject({ field: 'body', message: expect.stringMatching(message), text: { vi: expect.any(String), en: expect.stringMatching(message) } });
    expect(target.count('observations')).toBe(before.observations);
    expect(target.count('submissions')).toBe(before.submissions);
  });
});
