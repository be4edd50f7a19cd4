// Sandboxed preload: a classic script whose `require` reaches only `electron`. It exposes one
// tiny API to the page; the channel names are checked against main's shared list by type.
import electron = require('electron');
import type { HeartbeatStatus, IpcChannel, WallShellApi } from '../../main/src/ipc-channels.js';

const HEARTBEAT: IpcChannel = 'wall:heartbeat';

const api: WallShellApi = {
  // Only a plain boolean crosses the bridge: the page cannot smuggle objects to main.
  heartbeat: (status?: HeartbeatStatus) => electron.ipcRenderer.send(HEARTBEAT, { ready: status?.ready === true }),
};

electron.contextBridge.exposeInMainWorld('iocWall', api);
