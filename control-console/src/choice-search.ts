import type { Choice, Language } from '@ioc/protocol';

/**
 * Searching a list of choices (34 provinces, a room's devices) the way an operator types on a
 * touch keyboard: without accents (`ha noi` finds "Hà Nội", `da nang` finds "Đà Nẵng"), in
 * either language, by code too (`79`).
 */

/** Lower case, accents and đ folded away, spaces collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The choices where every word of the query starts a word of the label (in either language) or
 * of the code, in their order; all of them for an empty query. A choice whose label starts with
 * the query comes first, so `th` puts "Thành phố Hồ Chí Minh" before "Cần Thơ".
 */
export function searchChoices<C extends Choice>(choices: readonly C[], query: string, language: Language): C[] {
  const q = foldText(query);
  if (q === '') return [...choices];
  const words = q.split(' ');
  const scored: Array<{ choice: C; rank: number; index: number }> = [];
  choices.forEach((choice, index) => {
    const own = foldText(choice.label[language]);
    const hay = `${own} ${foldText(choice.label[language === 'vi' ? 'en' : 'vi'])} ${foldText(String(choice.value))}`.split(' ');
    if (!words.every((w) => hay.some((h) => h.startsWith(w)))) return;
    scored.push({ choice, rank: own.startsWith(q) ? 0 : 1, index });
  });
  return scored.sort((a, b) => a.rank - b.rank || a.index - b.index).map((s) => s.choice);
}

/** The label of a value among choices, or the value itself when it is not one of them. */
export function choiceLabel(choices: readonly Choice[] | undefined, value: unknown, language: Language): string {
  const hit = choices?.find((c) => c.value === value || String(c.value) === String(value));
  return hit ? hit.label[language] : String(value);
}
