import archipelagosText from './generated/archipelagos.json?raw';
import type { ArchipelagoId } from './geo-types';

interface InsetArchipelago {
  id: ArchipelagoId;
  outline: Array<[number, number]>;
  islets: Array<[number, number]>;
  label: string;
  labelEn: string;
}

type Raw = { features: Array<{ properties: { archipelago: ArchipelagoId; kind: string; name: string; nameEn: string }; geometry: { type: string; coordinates: unknown } }> };

const archipelagos = JSON.parse(archipelagosText) as Raw;

/** The archipelagos for the inset (a small file, bundled with the panel: no wait for the map). */
export const INSET_ARCHIPELAGOS: InsetArchipelago[] = (['hoang-sa', 'truong-sa'] as const).map((id) => {
  const mine = archipelagos.features.filter((f) => f.properties.archipelago === id);
  const label = mine.find((f) => f.properties.kind === 'label');
  const outline = mine.find((f) => f.properties.kind === 'outline');
  if (!label || !outline) throw new Error(`archipelago ${id} missing from the map geometry`);
  return {
    id,
    outline: (outline.geometry.coordinates as Array<Array<[number, number]>>)[0]!,
    islets: mine.filter((f) => f.properties.kind === 'islet').map((f) => f.geometry.coordinates as [number, number]),
    label: label.properties.name,
    labelEn: label.properties.nameEn,
  };
});
