import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LayoutIssue } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { parseLayoutFile } from './layouts-validate.js';
import { writeFileAtomic } from './wall-file.js';

/** Folder of DATA_DIR that holds the copies. */
export const LAST_GOOD_DIR = 'layouts-last-good';

/**
 * A copy of each layout file's last valid content, kept in DATA_DIR (`layouts-last-good/walls/`,
 * `.../scenes/`). The loader serves it while the file on disk is invalid, so that a file broken
 * before a restart does not take the wall (and every scene of it) away. The layouts directory
 * stays the source of truth: a copy is only read for a file that exists there and is invalid or
 * unreadable (or whose folder cannot be read), and a copy of a file deleted from it is dropped.
 */
export class LastGoodLayouts {
  private failing = false;

  /** `dir` null: no copies (tests of the loader alone); `readOnly`: read them, never write (`ops layouts check`). */
  constructor(
    private readonly dir: string | null,
    private readonly log: Logger,
    private readonly readOnly = false,
  ) {
    // Made at once, so that /healthz (which watches it) is not degraded before a first copy.
    if (dir && !readOnly) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        log.error({ err }, 'cannot make the folder of the last good versions of the layouts');
      }
    }
  }

  /** The saved text of `file` (e.g. `scenes/overview.json`) and when it was saved, or null. */
  read(file: string): { text: string; savedAt: number } | null {
    if (!this.dir) return null;
    const path = join(this.dir, file);
    try {
      return { text: readFileSync(path, 'utf8'), savedAt: statSync(path).mtimeMs };
    } catch {
      return null;
    }
  }

  /** Files that have a copy under a folder of the layouts (`walls/`, `scenes/`). */
  list(sub: string): string[] {
    if (!this.dir) return [];
    try {
      return readdirSync(join(this.dir, sub))
        .filter((n) => n.endsWith('.json'))
        .map((n) => `${sub}/${n}`);
    } catch {
      return [];
    }
  }

  /** Keeps `text` as the last good version of `file`; a failure (disk full) is logged, never thrown. */
  save(file: string, text: string): void {
    if (!this.dir || this.readOnly) return;
    if (this.read(file)?.text === text) return;
    const path = join(this.dir, file);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, text);
      if (this.failing) this.log.info('last good versions of the layouts are saved again');
      this.failing = false;
    } catch (err) {
      // The running server keeps the good version in memory; only a restart would miss it.
      if (!this.failing) this.log.error({ err, file }, `cannot save the last good version of ${file}; a restart while it is invalid would not find it`);
      this.failing = true;
    }
  }

  /** Drops the copy of a file deleted from the layouts directory. */
  forget(file: string): void {
    if (!this.dir || this.readOnly) return;
    rmSync(join(this.dir, file), { force: true });
  }
}

/** What a file served from its last good version is listed with: the reason and since when. */
export function lastGoodNote(file: string, issues: readonly LayoutIssue[], savedAt: number | undefined): LayoutIssue {
  const first = issues.find((i) => i.file === file && !i.severity);
  const reason = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid';
  const when = savedAt === undefined ? '' : ` (${new Date(savedAt).toISOString()})`;
  return {
    file,
    path: '',
    severity: 'warning',
    message: `the last good version of this file${when} is shown until the file is fixed; the file is invalid: ${reason}`,
    text: {
      en: `the last good version of this file${when} is shown until the file is fixed; the file is invalid: ${reason}`,
      vi: `đang hiển thị phiên bản hợp lệ gần nhất của tệp này${when} cho đến khi tệp được sửa; tệp không hợp lệ: ${reason}`,
    },
  };
}

/**
 * For `ops layouts check` on the server's own layouts: which invalid files the server serves
 * from their last good version in DATA_DIR (a copy that is itself valid).
 */
export function lastGoodNotes(copiesDir: string, issues: readonly LayoutIssue[], log: Logger): LayoutIssue[] {
  const copies = new LastGoodLayouts(copiesDir, log, true);
  const files = [...new Set(issues.filter((i) => !i.severity && !i.file.endsWith('/')).map((i) => i.file))];
  return files.flatMap((file) => {
    const copy = copies.read(file);
    return copy && usable(file, copy.text) ? [lastGoodNote(file, issues, copy.savedAt)] : [];
  });
}

/** Walls and scenes are checked whole; briefings and macros (checked by their domains) as JSON. */
function usable(file: string, text: string): boolean {
  if (file.startsWith('walls/') || file.startsWith('scenes/')) return parseLayoutFile({ file, text }).ok;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
