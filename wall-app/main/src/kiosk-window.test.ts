import { describe, expect, it } from 'vitest';
import { HIDE_CURSOR_CSS, KIOSK_SWITCHES, kioskWindowOptions } from './kiosk-window.js';

describe('kiosk window', () => {
  it('is a black, frameless, fullscreen kiosk window, shown at once and sandboxed', () => {
    const opts = kioskWindowOptions({ x: 1920, y: 0, width: 1920, height: 1080 }, '/opt/preload.js');
    expect(opts).toMatchObject({ x: 1920, y: 0, width: 1920, height: 1080, frame: false, kiosk: true, fullscreen: true, show: true, backgroundColor: '#000000', autoHideMenuBar: true });
    expect(opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, backgroundThrottling: false, preload: '/opt/preload.js' });
  });

  it('hides the cursor and keeps background windows painting', () => {
    expect(HIDE_CURSOR_CSS).toContain('cursor: none !important');
    expect(KIOSK_SWITCHES.map(([name]) => name)).toEqual(expect.arrayContaining(['disable-renderer-backgrounding', 'disable-backgrounding-occluded-windows', 'noerrdialogs']));
  });
});
