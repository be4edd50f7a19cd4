import WebSocket from 'ws';

/** A CDP command that got no answer in time (a hung renderer, usually). */
export class CdpTimeoutError extends Error {
  override name = 'CdpTimeoutError';
}

type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A raw Chrome DevTools Protocol connection to a browser endpoint
 * (`ws://127.0.0.1:<port>/devtools/browser/<id>`), with flattened sessions for page targets.
 * Every command has a timeout: the browser process answers browser commands even when a page
 * is hung, but a page command to a hung renderer never comes back.
 */
export class CdpConnection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<Listener>>();
  #nextId = 1;
  #closed = false;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#receive(String(data)));
    ws.on('close', () => this.#shutdown('CDP connection closed'));
    ws.on('error', () => this.#shutdown('CDP connection failed'));
  }

  static connect(endpoint: string, timeoutMs: number): Promise<CdpConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(endpoint, { perMessageDeflate: false, handshakeTimeout: timeoutMs, maxPayload: 256 * 1024 * 1024 });
      ws.once('open', () => resolve(new CdpConnection(ws)));
      ws.once('error', (err) => reject(err));
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, opts: { sessionId?: string; timeoutMs?: number } = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('CDP connection closed'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new CdpTimeoutError(`${method}: no answer in ${opts.timeoutMs} ms`));
      }, opts.timeoutMs ?? 10_000);
      this.#pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      this.#ws.send(JSON.stringify({ id, method, params, ...(opts.sessionId ? { sessionId: opts.sessionId } : {}) }));
    });
  }

  on(method: string, listener: Listener): void {
    let set = this.#listeners.get(method);
    if (!set) this.#listeners.set(method, (set = new Set()));
    set.add(listener);
  }

  close(): void {
    this.#shutdown('CDP connection closed');
    this.#ws.terminate();
  }

  #receive(text: string): void {
    let msg: { id?: number; result?: unknown; error?: { message?: string }; method?: string; params?: Record<string, unknown>; sessionId?: string };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg.id === 'number') {
      const pending = this.#pending.get(msg.id);
      if (!pending) return;
      this.#pending.delete(msg.id);
      clearTimeout(pending.timer);
      if (msg.error) pending.reject(new Error(msg.error.message ?? 'CDP error'));
      else pending.resolve(msg.result ?? {});
    } else if (msg.method) {
      for (const listener of this.#listeners.get(msg.method) ?? []) listener(msg.params ?? {}, msg.sessionId);
    }
  }

  #shutdown(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason));
    }
    this.#pending.clear();
  }
}
