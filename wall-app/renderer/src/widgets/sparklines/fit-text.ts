import type { Selection } from 'd3';

/**
 * Shortens an SVG text (already in the document, with its font set) until it fits `maxWidth`,
 * ending it with an ellipsis; the full text stays in a <title> for the record.
 */
export function fitText(text: Selection<SVGTextElement, unknown, null, undefined>, maxWidth: number): void {
  const node = text.node();
  if (!node || maxWidth <= 0) return;
  const full = node.textContent ?? '';
  if (node.getComputedTextLength() <= maxWidth) return;
  let lo = 0;
  let hi = full.length;
  // Longest prefix that fits with the ellipsis (binary search: few layout passes).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    node.textContent = `${full.slice(0, mid).trimEnd()}…`;
    if (node.getComputedTextLength() <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  node.textContent = `${full.slice(0, lo).trimEnd()}…`;
  text.append('title').text(full);
}
