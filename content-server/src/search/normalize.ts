/**
 * Text as search compares it: lower case, without diacritics, with đ/Đ as d, punctuation as
 * spaces. `Thành phố Hồ Chí Minh` -> `thanh pho ho chi minh`; `Đồng Nai` -> `dong nai`.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words of a text, folded. `grdp_growth` -> `grdp`, `growth`. */
export function words(text: string): string[] {
  const f = fold(text);
  return f === '' ? [] : f.split(' ');
}
