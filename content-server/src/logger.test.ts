import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, namedLogger } from './logger.js';

function capture(): { lines: () => string; stream: Writable } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { lines: () => out, stream };
}

describe('logger: no secrets in the log', () => {
  it('redacts authorization headers, tokens, keys and passwords, and credential parameters of a url', () => {
    const sink = capture();
    const log = namedLogger(createLogger('info', sink.stream), 'http');
    log.info({ headers: { authorization: 'Bearer ioc_secretkey' }, request: { headers: { authorization: 'Bearer ios_secretsession' } } }, 'headers');
    log.info({ token: 'iow_secrettoken', device: { token: 'iow_secret2' }, password: 'hunter22', user: { password: 'hunter23' } }, 'fields');
    log.error({ url: '/wall/?wall=main&display=d1&token=iow_secret3&code=iwc_secret4', method: 'GET' }, 'request failed');
    const text = sink.lines();
    for (const secret of ['ioc_secretkey', 'ios_secretsession', 'iow_secrettoken', 'iow_secret2', 'hunter22', 'hunter23', 'iow_secret3', 'iwc_secret4']) expect(text).not.toContain(secret);
    expect(text).toContain('/wall/?wall=main&display=d1&token=[redacted]&code=[redacted]');
  });
});
