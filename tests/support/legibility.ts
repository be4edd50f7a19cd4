import type { Page } from 'playwright-core';

/** One text that cannot be read as drawn: it overprints another text, or it is cut off. */
export interface TextDefect {
  /** `spills`: it sticks out of the control it labels (a button, a tab), cut or not. */
  kind: 'overlap' | 'clipped' | 'spills';
  /** The panel (`data-panel-id`) or chrome part (`top-bar`, `pairing`) it is in. */
  where: string;
  text: string;
  /** The other text (overlap) or the box that cuts it (clipped). */
  other: string;
}

/** How the page around the texts behaves; a wall tile leaves all of them off. */
export interface TextCheckOptions {
  /**
   * The page scrolls (a console): text below the window's bottom or scrolled out of an
   * `overflow: auto|scroll` box is reached by scrolling, so it is not cut; text beyond the
   * window's left or right edge still is. The page is checked scrolled to its top, where a
   * sticky part (the tabs) sits in its place, not over what was scrolled under it.
   */
  scrolls?: boolean;
  /** Controls (a CSS selector) whose own text must stay inside their border box. */
  controls?: string;
  /**
   * A text cut by an ellipsis (`text-overflow: ellipsis`) is accepted where the cutting box has a
   * `title` holding the whole text: a user-entered name may be long; a label may not.
   */
  titledEllipsis?: boolean;
  /** The chosen option of each `<select>` (drawn by the browser, not a DOM text) must fit its box. */
  selects?: boolean;
}

/**
 * Every text drawn in the DOM under `root` (HTML and SVG text alike; canvas and WebGL text is
 * out of reach), checked as a reader would: no two text boxes of distinct text nodes may
 * intersect, and none may reach outside a box that clips it (an `overflow` other than visible,
 * an inner `<svg>`, the window). A text cut at a display's edge because its panel continues on
 * the next display is not counted: the reader sees the rest across the bezel. Moving text in a
 * box marked `data-marquee` (the ticker) is meant to pass under its edges.
 *
 * Boxes are the font's line boxes (ascent to descent), as `Range.getClientRects()` gives them,
 * less `slackPx` on each side, so two lines set solid with no ink touching are not reported.
 */
export function textDefects(page: Page, root = 'body', slackPx = 1, options: TextCheckOptions = {}): Promise<TextDefect[]> {
  return page.evaluate(
    ({ root, slack, options }) => {
      interface Box {
        text: string;
        where: string;
        rects: DOMRect[];
        el: Element;
      }
      const rootEl = document.querySelector(root);
      if (!rootEl) return [];
      if (options.scrolls) window.scrollTo(0, 0);
      const opacityOf = (el: Element | null): number => {
        let o = 1;
        for (let e = el; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.visibility === 'hidden' || s.display === 'none') return 0;
          o *= Number(s.opacity);
        }
        return o;
      };
      const whereOf = (el: Element): string => {
        const panel = el.closest('[data-panel-id]');
        if (panel) return panel.getAttribute('data-panel-id') ?? '?';
        if (el.closest('.top-bar')) return `top-bar`;
        if (el.closest('[data-testid=pairing-screen]')) return 'pairing';
        return el.closest('[data-testid]')?.getAttribute('data-testid') ?? el.closest('[class]')?.className.toString() ?? el.tagName;
      };
      // Text kept for screen readers in a 1 px box that clips it (`.visually-hidden`) is not drawn.
      const forScreenReaders = (el: Element): boolean => {
        for (let e: Element | null = el; e; e = e.parentElement) {
          const r = e.getBoundingClientRect();
          if (r.width <= 1 && r.height <= 1 && getComputedStyle(e).overflow !== 'visible') return true;
        }
        return false;
      };
      const label = (el: Element): string => {
        const id = el.getAttribute('data-testid') ?? el.getAttribute('data-panel-id');
        const cls = el.getAttribute('class');
        return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ''}${cls ? ` .${cls.split(/\s+/).join('.')}` : ''}>`;
      };

      // Chromium's drop-down arrow of a select (appearance auto), beside the right padding.
      const SELECT_ARROW_PX = 20;
      // The ink of a line of text, not its font's line box: a 100 px figure's line box reaches
      // far above its digits. The glyphs' own ascent and descent (canvas measureText on the same
      // font) are taken from the baseline, which lies the font's ascent below the box's top.
      const ctx = document.createElement('canvas').getContext('2d')!;
      const ink = (el: Element, text: string, r: DOMRect): DOMRect => {
        const s = getComputedStyle(el);
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const m = ctx.measureText(text);
        const scale = r.height / (m.fontBoundingBoxAscent + m.fontBoundingBoxDescent || r.height);
        const baseline = r.top + m.fontBoundingBoxAscent * scale;
        const top = baseline - m.actualBoundingBoxAscent * scale;
        return new DOMRect(r.left, top, r.width, Math.max(0, baseline + m.actualBoundingBoxDescent * scale - top));
      };
      const clipsAt = (e: Element) => {
        const s = getComputedStyle(e);
        return s.overflowX !== 'visible' || s.overflowY !== 'visible' || (e instanceof SVGSVGElement && e.ownerSVGElement !== null);
      };
      // Scrolled out of view is not cut where the page scrolls; an ellipsis is, unless titled.
      const scrollsAt = (e: Element) => options.scrolls === true && /auto|scroll/.test(getComputedStyle(e).overflow);
      const excusedAt = (e: Element, text: string) => {
        if (scrollsAt(e)) return true;
        if (options.titledEllipsis !== true || getComputedStyle(e).textOverflow !== 'ellipsis') return false;
        return (e.closest('[title]')?.getAttribute('title') ?? '').includes(text);
      };
      const inside = (r: DOMRect, c: DOMRect) => r.left >= c.left - slack && r.right <= c.right + slack && r.top >= c.top - slack && r.bottom <= c.bottom + slack;
      const cutTo = (r: DOMRect, c: DOMRect) => {
        const left = Math.max(r.left, c.left);
        const top = Math.max(r.top, c.top);
        return new DOMRect(left, top, Math.max(0, Math.min(r.right, c.right) - left), Math.max(0, Math.min(r.bottom, c.bottom) - top));
      };
      const windowBox = options.scrolls ? new DOMRect(0, -1e7, document.documentElement.clientWidth, 2e7) : new DOMRect(0, 0, window.innerWidth, window.innerHeight);

      const boxes: Box[] = [];
      const defects: Array<{ kind: 'overlap' | 'clipped' | 'spills'; where: string; text: string; other: string }> = [];
      const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim();
        const el = n.parentElement;
        if (!text || !el || el.closest('script,style,title,desc')) continue;
        if (opacityOf(el) < 0.05 || forScreenReaders(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        let rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5);
        if (!rects.length && el instanceof SVGGraphicsElement) rects = [el.getBoundingClientRect()];
        rects = rects.map((r) => ink(el, text, r)).filter((r) => r.height > 0.5);
        if (!rects.length) continue;
        // What the reader sees of it: cut to every box that clips it. Being cut is a defect,
        // except in a marquee, or at a display's edge where its panel goes on to the next one.
        const panel = el.closest('[data-panel-id]');
        const spans = (box: DOMRect) => panel !== null && !inside(panel.getBoundingClientRect(), box);
        let cut: string | null = null;
        let marquee = false;
        const clips: Array<[DOMRect, string]> = [];
        for (let e: Element | null = el; e; e = e.parentElement) {
          if (e.hasAttribute('data-marquee')) marquee = true;
          if (clipsAt(e)) clips.push([e.getBoundingClientRect(), marquee || excusedAt(e, text) ? '' : label(e)]);
        }
        clips.push([windowBox, marquee ? '' : 'the window']);
        const seen = rects.map((r) => {
          for (const [box, name] of clips) {
            if (!inside(r, box) && name && !spans(box)) cut ??= name;
            r = cutTo(r, box);
          }
          return r;
        });
        if (cut) defects.push({ kind: 'clipped', where: whereOf(el), text, other: cut });
        const control = options.controls ? el.closest(options.controls) : null;
        if (!cut && control && rects.some((r) => !inside(r, control.getBoundingClientRect()))) defects.push({ kind: 'spills', where: whereOf(el), text, other: label(control) });
        boxes.push({ text, where: whereOf(el), rects: seen, el });
      }

      // A closed select draws its chosen option's text itself, cut at the arrow without an ellipsis.
      if (options.selects) {
        for (const sel of Array.from(rootEl.querySelectorAll('select'))) {
          const text = sel.selectedOptions[0]?.textContent?.trim() ?? '';
          if (!text || opacityOf(sel) < 0.05 || sel.getClientRects().length === 0) continue;
          const s = getComputedStyle(sel);
          ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
          const room = sel.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - SELECT_ARROW_PX;
          if (ctx.measureText(text).width > room + slack) defects.push({ kind: 'clipped', where: whereOf(sel), text, other: label(sel) });
        }
      }

      const meets = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 * slack && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2 * slack;
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          if (a.rects.some((ra) => b.rects.some((rb) => meets(ra, rb)))) defects.push({ kind: 'overlap', where: a.where, text: a.text, other: `${b.text} (${b.where})` });
        }
      }
      return defects;
    },
    { root, slack: slackPx, options },
  );
}

/** One line per defect, for a readable assertion message. */
export function describeDefects(context: string, defects: readonly TextDefect[]): string[] {
  const verb = { overlap: 'overprints', clipped: 'cut by', spills: 'sticks out of' } as const;
  return defects.map((d) => `${context} ${d.where}: ${d.kind} "${d.text}" ${verb[d.kind]} ${d.other}`);
}
