import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import { dataKeyPragmas, type DataKey } from './data-key.js';

/**
 * Copies the WAL back into the database file from a worker thread. SQLite's automatic
 * checkpoint runs inside the commit that crosses the threshold, on the thread that writes:
 * on a slow disk that stalled one ingest request (and every live update behind it) for
 * hundreds of milliseconds. The writer therefore runs with `wal_autocheckpoint = 0` and this
 * worker runs PASSIVE checkpoints on its own connection, which never block the writer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
for (const pragma of workerData.keyPragmas) db.pragma(pragma);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (msg) => {
  if (msg !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export class Checkpointer {
  private readonly worker: Worker;

  /** `key`: the store's data key; the worker's connection must set it like every other opener. */
  constructor(file: string, log: Logger, key: DataKey | null = null, intervalMs = 500) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs, keyPragmas: dataKeyPragmas(key) } });
    this.worker.on('message', (msg: { error?: string }) => {
      if (msg.error) log.warn({ error: msg.error }, 'WAL checkpoint failed; it is retried');
    });
    this.worker.on('error', (err) => log.error({ err }, 'WAL checkpoint worker failed; the WAL grows until restart'));
    // The worker must not keep the process alive on its own.
    this.worker.unref();
  }

  /** Stops the worker and closes its connection. */
  async stop(): Promise<void> {
    // While stopping, the worker's answer is awaited: keep the process alive until it comes
    // (an unref'd worker would let Node end the loop with the close promise still pending).
    this.worker.ref();
    const stopped = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage('stop');
    await stopped;
    await this.worker.terminate();
  }
}
