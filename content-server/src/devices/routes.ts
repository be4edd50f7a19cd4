import type { DeviceStatus, LayoutErrorsResponse } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { DevicesDomain } from './index.js';

/** HTTP side of the devices domain: live status of every device, and profile problems. */
export async function deviceRoutes(app: FastifyInstance, devices: DevicesDomain): Promise<void> {
  app.get('/api/v1/devices', async (): Promise<{ devices: DeviceStatus[] }> => ({ devices: devices.list() }));
  app.get('/api/v1/devices/errors', async (): Promise<LayoutErrorsResponse> => ({ errors: devices.errors() }));
}
