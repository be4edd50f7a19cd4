// Sandboxed preload: a classic script whose `require` reaches only `electron`. It exposes one
// tiny API to the page; the channel names are checked against main's shared list by type.
import electron = require('electron');
import type { IpcChannel, WallShellApi } from '../../main/src/ipc-channels.js';

const HEARTBEAT: IpcChannel = 'wall:heartbeat';

const api: WallShellApi = {
  heartbeat: () => electron.ipcRenderer.send(HEARTBEAT),
};

electron.contextBridge.exposeInMainWorld('iocWall', api);
