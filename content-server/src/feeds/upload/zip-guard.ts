import { inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { MAX_BATCH_OBSERVATIONS, type ApiErrorItem } from '@ioc/protocol';
import { say } from './messages.js';

const inflate = promisify(inflateRaw) as (buf: Buffer, opts: { maxOutputLength: number }) => Promise<Buffer>;

/**
 * What an observations workbook may hold. A filled form of 5,000 rows is about 2 MB of XML;
 * these leave room for formatting and extra sheets, and stop a zip bomb (a 1.4 MB file that
 * inflated to hundreds of MB froze the server for 100 s, then killed it).
 */
export const XLSX_LIMITS = {
  entries: 200,
  /** Inflated bytes of one entry (a sheet, the shared strings). */
  entryBytes: 16 * 1024 * 1024,
  /** Inflated bytes of the whole workbook. */
  totalBytes: 32 * 1024 * 1024,
  /**
   * Rows (`<row`) and cells (`<c`) of all worksheets together: a batch's 5,000 rows, a title and
   * an instructions sheet, about 12 columns. Counted before ExcelJS reads the sheets, because its
   * reading blocks the event loop (about 0.7 s for 5,000 rows on CI's machine, 2.8 s for 19,000).
   */
  rows: MAX_BATCH_OBSERVATIONS + 200,
  cells: (MAX_BATCH_OBSERVATIONS + 200) * 12,
} as const;

export type ZipCheck = { ok: true } | { ok: false; status: 400 | 413; error: ApiErrorItem };

const refuse = (status: 400 | 413, en: string, vi: string): ZipCheck => ({ ok: false, status, error: { index: null, field: 'body', ...say(en, vi) } });
const tooLarge = (what: string, whatVi: string) =>
  refuse(413, `the workbook is too large once unpacked: ${what}`, `tệp XLSX quá lớn khi giải nén: ${whatVi}`);

interface Entry {
  name: string;
  method: number;
  compressed: number;
  declared: number;
  localOffset: number;
}

/** The central directory, read from its end record; null when the bytes are not a plain (non-ZIP64) zip. */
function centralDirectory(bytes: Buffer): Entry[] | null {
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) return null;
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    entries.push({
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      declared: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, Math.min(bytes.length, at + 46 + nameLength)),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (entries.length > XLSX_LIMITS.entries) break;
  }
  return entries;
}

/** Occurrences of `needle` in `hay` (a linear scan, no regular expression). */
function occurrences(hay: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}
const ROW = Buffer.from('<row');
const CELL = Buffer.from('<c ');

/**
 * Checks a workbook before the XLSX reader sees it: the entry count and every declared size
 * from the central directory, then each entry actually inflated (in zlib's thread pool, so the
 * event loop stays free) with a hard output cap, because declared sizes can lie; then the rows
 * and cells of the worksheets, counted in their XML.
 */
export async function checkXlsxZip(bytes: Buffer): Promise<ZipCheck> {
  const entries = centralDirectory(bytes);
  if (!entries) return refuse(400, 'not a readable XLSX workbook: no zip directory (or a ZIP64 one, which a form never needs)', 'không đọc được tệp XLSX: không có thư mục zip (hoặc là ZIP64, biểu mẫu không cần)');
  if (entries.length > XLSX_LIMITS.entries) return tooLarge(`more than ${XLSX_LIMITS.entries} parts`, `quá ${XLSX_LIMITS.entries} phần`);
  let declaredTotal = 0;
  for (const e of entries) {
    declaredTotal += e.declared;
    if (e.declared > XLSX_LIMITS.entryBytes) return tooLarge(`"${e.name.slice(0, 100)}" would be ${e.declared} bytes (at most ${XLSX_LIMITS.entryBytes})`, `"${e.name.slice(0, 100)}" sẽ là ${e.declared} byte (tối đa ${XLSX_LIMITS.entryBytes})`);
  }
  if (declaredTotal > XLSX_LIMITS.totalBytes) return tooLarge(`${declaredTotal} bytes in all (at most ${XLSX_LIMITS.totalBytes})`, `tổng cộng ${declaredTotal} byte (tối đa ${XLSX_LIMITS.totalBytes})`);

  let inflatedTotal = 0;
  let rows = 0;
  let cells = 0;
  for (const e of entries) {
    const local = e.localOffset;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) return refuse(400, `not a readable XLSX workbook: a damaged part "${e.name.slice(0, 100)}"`, `không đọc được tệp XLSX: phần "${e.name.slice(0, 100)}" bị hỏng`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(start, Math.min(bytes.length, start + e.compressed));
    // One byte over the declared size (or what is left of the total) proves the size was a lie.
    const cap = Math.min(e.declared, XLSX_LIMITS.totalBytes - inflatedTotal) + 1;
    let data: Buffer;
    if (e.method === 0) data = raw;
    else if (e.method === 8) {
      try {
        data = await inflate(raw, { maxOutputLength: cap });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(`"${e.name.slice(0, 100)}" inflates past its declared ${e.declared} bytes`, `"${e.name.slice(0, 100)}" giải nén vượt ${e.declared} byte đã khai`);
        return refuse(400, `not a readable XLSX workbook: "${e.name.slice(0, 100)}" does not inflate`, `không đọc được tệp XLSX: không giải nén được "${e.name.slice(0, 100)}"`);
      }
    } else return refuse(400, `not a readable XLSX workbook: compression method ${e.method}`, `không đọc được tệp XLSX: phương thức nén ${e.method}`);
    if (data.length >= cap) return tooLarge(`"${e.name.slice(0, 100)}" is larger than declared`, `"${e.name.slice(0, 100)}" lớn hơn kích thước đã khai`);
    inflatedTotal += data.length;
    if (e.name.startsWith('xl/worksheets/')) {
      rows += occurrences(data, ROW);
      cells += occurrences(data, CELL);
      if (rows > XLSX_LIMITS.rows) return tooLarge(`more than ${XLSX_LIMITS.rows} rows`, `quá ${XLSX_LIMITS.rows} dòng`);
      if (cells > XLSX_LIMITS.cells) return tooLarge(`more than ${XLSX_LIMITS.cells} cells`, `quá ${XLSX_LIMITS.cells} ô`);
    }
  }
  return { ok: true };
}
