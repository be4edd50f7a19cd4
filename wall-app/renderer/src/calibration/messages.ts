import type { Language } from '@ioc/protocol';

/** Words of the calibration overlay, in the tile's language. */
const MESSAGES = {
  vi: {
    mode: 'CHẾ ĐỘ CÂN CHỈNH',
    cell: (row: number, col: number) => `Hàng ${row + 1}, cột ${col + 1}`,
    fps: (fps: number | null) => `${fps === null ? '…' : fps} khung hình/giây`,
    clock: (ms: number | null) => `Sai số đồng hồ ${ms === null ? '…' : `±${ms.toFixed(1)} ms`}`,
  },
  en: {
    mode: 'CALIBRATION MODE',
    cell: (row: number, col: number) => `Row ${row + 1}, column ${col + 1}`,
    fps: (fps: number | null) => `${fps === null ? '…' : fps} fps`,
    clock: (ms: number | null) => `Clock error ${ms === null ? '…' : `±${ms.toFixed(1)} ms`}`,
  },
} satisfies Record<Language, unknown>;

export function calibrationText(lang: Language) {
  return MESSAGES[lang];
}
