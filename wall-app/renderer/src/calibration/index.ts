export { CalibrationLayer } from './calibration-layer';
export { ColorFilters } from './color-filters';
export { colorFilterOf } from './color-filter';
export { useWallFromState } from './use-wall-from-state';
