import type { CatalogCommand, ConsoleState, DeviceStatus } from '@ioc/protocol';

/**
 * Test data in the shapes the server sends (copied from what `GET /api/v1/commands` served for
 * the repository's layouts), shared by the unit tests.
 */

const ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' };
const DEVICE = { ...ID, description: 'device' };
const obj = (properties: Record<string, unknown>, required: string[]) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const label = (vi: string, en: string) => ({ vi, en });

export const WALL_CHOICES = [{ value: 'main', label: label('Màn hình chính', 'Main wall') }];
export const DISPLAY_CHOICES = [
  { value: 'display-left', label: label('Màn hình ghép trái', 'Wall display left'), group: 'samsung-mdc' },
  { value: 'display-right', label: label('Màn hình ghép phải', 'Wall display right'), group: 'samsung-mdc' },
];
export const UNIT_CHOICES = [
  { value: '01', label: label('Hà Nội', 'Ha Noi') },
  { value: '79', label: label('Thành phố Hồ Chí Minh', 'Thanh pho Ho Chi Minh') },
  { value: '48', label: label('Đà Nẵng', 'Da Nang') },
  { value: '92', label: label('Cần Thơ', 'Can Tho') },
];

function command(c: Partial<CatalogCommand> & Pick<CatalogCommand, 'name' | 'system' | 'args'>): CatalogCommand {
  return {
    kind: 'command',
    label: label(c.name, c.name),
    help: label('…', '…'),
    roles: ['operator', 'technician', 'admin'],
    allowed: true,
    confirm: false,
    undo: null,
    choices: {},
    ...c,
  };
}

export const DISPLAY_POWER = command({
  name: 'display.power',
  system: 'display',
  label: label('Nguồn màn hình', 'Display power'),
  args: obj({ device: DEVICE, on: { type: 'boolean' } }, ['device', 'on']),
  choices: { device: DISPLAY_CHOICES },
  confirm: true,
  undo: label('Trả lại trạng thái nguồn trước', 'Restore the previous power state'),
});

export const DISPLAY_INPUT = command({
  name: 'display.input',
  system: 'display',
  label: label('Nguồn tín hiệu màn hình', 'Display input'),
  args: obj({ device: DEVICE, source: { type: 'string', enum: ['hdmi1', 'hdmi2', 'dp', 'dvi'] } }, ['device', 'source']),
  choices: { device: DISPLAY_CHOICES },
});

export const DISPLAY_VOLUME = command({
  name: 'display.volume',
  system: 'display',
  args: obj({ device: DEVICE, level: { type: 'integer', minimum: 0, maximum: 100 } }, ['device', 'level']),
  choices: { device: DISPLAY_CHOICES },
});

export const DISPLAY_WALL = command({
  name: 'display.wall',
  system: 'display',
  roles: ['technician', 'admin'],
  allowed: false,
  confirm: true,
  args: obj(
    {
      device: DEVICE,
      on: { type: 'boolean' },
      layout: {
        type: 'object',
        properties: {
          rows: { type: 'integer', minimum: 1, maximum: 15 },
          cols: { type: 'integer', minimum: 1, maximum: 15 },
          position: { type: 'integer', minimum: 1, maximum: 225 },
        },
        required: ['rows', 'cols', 'position'],
        additionalProperties: false,
      },
    },
    ['device', 'on'],
  ),
  choices: { device: DISPLAY_CHOICES },
});

export const LIGHT_LEVEL = command({
  name: 'light.level',
  system: 'lighting',
  args: obj({ device: DEVICE, channel: { type: 'integer', minimum: 1, maximum: 65535 }, level: { type: 'number', minimum: 0, maximum: 100 } }, ['device', 'channel', 'level']),
  choices: { device: [{ value: 'lights', label: label('Điều khiển đèn phòng', 'Room lighting'), group: 'osc' }] },
});

export const OSC_SEND = command({
  name: 'osc.send',
  system: 'osc',
  roles: ['technician', 'admin'],
  args: obj(
    {
      device: DEVICE,
      address: { type: 'string', pattern: '^\\/[^\\s#*,?[\\]{}]*$' },
      args: { default: [], maxItems: 64, type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 1024 }, { type: 'boolean' }] } },
    },
    ['device', 'address'],
  ),
});

export const PROJECTOR_MUTE = command({
  name: 'projector.mute',
  system: 'projector',
  args: obj({ device: DEVICE, on: { type: 'boolean' }, target: { default: 'all', type: 'string', enum: ['all', 'video', 'audio'] } }, ['device', 'on']),
});

export const WALL_DRILLDOWN = command({
  name: 'wall.drilldown',
  system: 'wall',
  roles: ['operator', 'presenter', 'admin'],
  args: obj({ wallId: ID, unit: { anyOf: [{ type: 'string', pattern: '^[A-Za-z0-9_.-]{1,32}$' }, { type: 'null' }] } }, ['wallId', 'unit']),
  choices: { wallId: WALL_CHOICES, unit: UNIT_CHOICES },
});

export const WALL_SCENE_SHOW = command({
  name: 'wall.scene.show',
  system: 'wall',
  roles: ['operator', 'presenter', 'admin'],
  args: obj({ wallId: ID, sceneId: ID }, ['wallId', 'sceneId']),
  choices: {
    wallId: WALL_CHOICES,
    sceneId: [
      { value: 'overview', label: label('Tổng quan', 'Overview'), group: 'main' },
      { value: 'economy', label: label('Kinh tế', 'Economy'), group: 'main' },
    ],
  },
});

export const ROOM_MODE_BRIEFING = command({
  name: 'room.mode.briefing',
  system: 'room',
  kind: 'macro',
  label: label('Chế độ họp giao ban', 'Briefing mode'),
  roles: ['operator', 'presenter', 'admin'],
  confirm: true,
  args: obj({}, []),
  steps: 3,
});

export const CATALOG: CatalogCommand[] = [WALL_SCENE_SHOW, WALL_DRILLDOWN, DISPLAY_POWER, DISPLAY_INPUT, DISPLAY_VOLUME, DISPLAY_WALL, LIGHT_LEVEL, ROOM_MODE_BRIEFING];

export const STATE: ConsoleState = {
  walls: [
    {
      wallId: 'main',
      name: label('Màn hình chính', 'Main wall'),
      sceneId: 'overview',
      language: 'vi',
      theme: 'dark',
      focus: null,
      briefing: null,
      displays: [
        { displayId: 'd1', connected: true, lastSeen: 1_700_000_000_000 },
        { displayId: 'd2', connected: false, lastSeen: null },
      ],
      // Two 1920x1080 displays side by side, 40 canvas pixels of bezel between them.
      outline: {
        canvas: { width: 3880, height: 1080 },
        displays: [
          { id: 'd1', viewport: { x: 0, y: 0, width: 1920, height: 1080 } },
          { id: 'd2', viewport: { x: 1960, y: 0, width: 1920, height: 1080 } },
        ],
      },
    },
  ],
  scenes: [
    {
      id: 'overview',
      name: label('Tổng quan', 'Overview'),
      wall: 'main',
      panels: [
        { id: 'gdp', type: 'kpi', rect: { x: 0, y: 0, w: 1920, h: 540 } },
        { id: 'map', type: 'map', rect: { x: 1960, y: 0, w: 1920, h: 1080 } },
      ],
    },
    { id: 'economy', name: label('Kinh tế', 'Economy'), wall: 'main', panels: [{ id: 'cpi', type: 'line', rect: { x: 0, y: 0, w: 3880, h: 1080 } }] },
  ],
  briefings: [{ id: 'weekly-economy', name: label('Giao ban kinh tế tuần', 'Weekly economy briefing'), wall: 'main', steps: 4 }],
};

export function device(id: string, patch: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    id,
    name: label(`Thiết bị ${id}`, `Device ${id}`),
    driver: 'samsung-mdc',
    status: 'connecting',
    queued: 0,
    lastReplyAt: null,
    lastError: null,
    state: {},
    ...patch,
  };
}
