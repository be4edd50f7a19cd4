import type { ApiErrorItem, Label } from '@ioc/protocol';

/**
 * Ingest problems in both languages. `message` is the English text (scripts, logs, the API's
 * earlier clients); `text` carries Vietnamese and English, and a client shows the one of its
 * language, as it does with a command's `prompt`.
 */
export function say(en: string, vi: string): Pick<ApiErrorItem, 'message' | 'text'> {
  return { message: en, text: { vi, en } };
}

/** Where a problem of a file is: `sheet "Data", row 4, column value` / `trang tính "Data", dòng 4, cột value`. */
export function place(row: number, column?: string, sheet?: string): Label {
  return {
    en: `${sheet !== undefined ? `sheet "${sheet}", ` : ''}row ${row}${column ? `, column ${column}` : ''}`,
    vi: `${sheet !== undefined ? `trang tính "${sheet}", ` : ''}dòng ${row}${column ? `, cột ${column}` : ''}`,
  };
}

/** A problem prefixed with its place in both languages (an English-only problem keeps its English text in Vietnamese). */
export function at(where: Label, problem: Pick<ApiErrorItem, 'message' | 'text'>): Pick<ApiErrorItem, 'message' | 'text'> {
  return say(`${where.en}: ${problem.text?.en ?? problem.message}`, `${where.vi}: ${problem.text?.vi ?? problem.message}`);
}
