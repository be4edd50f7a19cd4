import { DeviceCodeExchangeSchema, issuesToErrors } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Audit } from '../audit/index.js';
import type { Logger } from '../logger.js';
import { apiError } from '../http/errors.js';
import { positionName } from './device-tokens.js';
import type { DeviceCodes } from './device-codes.js';

/**
 * `POST /api/v1/wall-devices/exchange {code}`: a wall page opened with `&code=` trades the code
 * for its device token (200 `{token, device}`), once. Public by nature (the page has nothing
 * else yet); an unknown, used or expired code gets one 404 for all three. A trade is audited;
 * failed guesses are only logged (anyone can send them; floods are counted elsewhere).
 */
export async function deviceExchangeRoute(app: FastifyInstance, deps: { codes: DeviceCodes; audit: Audit; log: Logger }): Promise<void> {
  app.post('/api/v1/wall-devices/exchange', { bodyLimit: 1024 }, async (request, reply) => {
    const body = DeviceCodeExchangeSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ errors: issuesToErrors(body.error.issues) });
    const traded = await deps.codes.exchange(body.data.code);
    if (!traded) {
      deps.log.warn({ address: request.ip }, 'wall device code refused: unknown, used or expired');
      return reply
        .code(404)
        .send(apiError('code', 'this enrollment code is unknown, already used or expired: print a new one (ops wall-device enroll) or pair the display / mã ghép không hợp lệ, đã dùng hoặc hết hạn'));
    }
    const { token, device } = traded;
    await deps.audit.write({ actor: `device:${device.name}`, role: 'device', action: 'wall.device.exchange', target: `device:${device.id}`, detail: { position: positionName(device), address: request.ip }, ok: true });
    return { token, device: { id: device.id, name: device.name, wallId: device.wallId, displayId: device.displayId, rendererId: device.rendererId } };
  });
}
