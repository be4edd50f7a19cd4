import { DRIVER_NAMES, type Driver, type DriverName } from '../driver.js';
import { extronSisDriver } from './extron-sis.js';
import { lgDriver } from './lg.js';
import { necDriver } from './nec.js';
import { oscDriver } from './osc.js';
import { pjlinkDriver } from './pjlink.js';
import { samsungMdcDriver } from './samsung-mdc.js';
import { templateDriver } from './template.js';
import { videohubDriver } from './videohub.js';

/** Every driver by name: the one place a new protocol is registered. */
export const DRIVERS: Readonly<Record<DriverName, Driver>> = {
  osc: oscDriver,
  'samsung-mdc': samsungMdcDriver,
  lg: lgDriver,
  nec: necDriver,
  pjlink: pjlinkDriver,
  'extron-sis': extronSisDriver,
  videohub: videohubDriver,
  template: templateDriver,
};

export function isDriverName(name: string): name is DriverName {
  return (DRIVER_NAMES as readonly string[]).includes(name);
}

export function driverByName(name: string): Driver | null {
  return isDriverName(name) ? DRIVERS[name] : null;
}
