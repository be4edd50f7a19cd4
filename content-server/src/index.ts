export { createServer } from './server.js';
export type { RunningServer, ServerOptions } from './server.js';
export { loadConfig, paths } from './config.js';
export type { Config } from './config.js';
export { DeviceConnection, DevicesDomain, InvalidDeviceCommand, type CommandOutcome } from './devices/index.js';
export { DRIVERS, driverByName } from './devices/drivers/index.js';
export { SerialTransport } from './devices/transports/serial.js';
export { TcpTransport } from './devices/transports/tcp.js';
export { UdpTransport } from './devices/transports/udp.js';
export {
  EMULATED_DRIVERS,
  emulatorFor,
  ExtronSisEmulator,
  LgEmulator,
  NecEmulator,
  OscPeer,
  PjlinkEmulator,
  SamsungMdcEmulator,
  TemplateEmulator,
  VideohubEmulator,
  serveSerial,
  serveTcp,
  type DeviceEmulator,
  type EmulatorOptions,
} from './devices/emulators/index.js';
export { SearchIndex, catalogEntries, fold, type SearchEntry } from './search/index.js';
export { CatalogRegistry } from './feeds/index.js';
export { Store } from './store/index.js';
export { dataKeyPragmas, readDataKey, type DataKey } from './store/data-key.js';
export { backtest, forecastSeries, selectModel } from './analytics/forecast/index.js';
