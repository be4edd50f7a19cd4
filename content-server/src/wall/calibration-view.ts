import { bezelMm, IDENTITY_COLOR, type Wall, type WallCalibration, type WallCalibrationView, type WallGeometry } from '@ioc/protocol';

/**
 * What the console's calibration panel shows of a wall: the pattern on show and each display's
 * values in effect (its own bezels or the wall's, its offset, its colour correction).
 */
export function calibrationView(wall: Wall, geometry: WallGeometry | undefined, calibration: WallCalibration | null): WallCalibrationView {
  const cells = new Map(geometry?.displays.map((d) => [d.id, d]) ?? []);
  return {
    pattern: calibration?.pattern ?? null,
    displays: wall.displays.map((d) => {
      const g = cells.get(d.id);
      // Bezels need a size to be converted to pixels: without one they cannot be adjusted.
      const sized = d.size !== undefined || wall.size !== undefined;
      return {
        displayId: d.id,
        row: g?.row ?? d.row ?? 0,
        col: g?.col ?? d.col ?? 0,
        resolution: d.resolution ?? wall.resolution,
        bezel: sized ? bezelMm(d.bezel ?? wall.bezel) : null,
        offset: d.offset ?? { x: 0, y: 0 },
        color: d.color ?? IDENTITY_COLOR,
      };
    }),
  };
}
