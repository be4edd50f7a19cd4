import type { Sql } from './sql.js';

/** How a submission reached the store. `derived` is a value the server computed itself. */
export type SubmissionFormat = 'json' | 'csv' | 'xlsx' | 'derived';

export interface NewSubmission {
  receivedAt: number;
  /** Who sent it, as the audit log names actors (`key:<name>`, `user:<name>`, `server`). */
  submitter: string;
  apiKeyId: number | null;
  format: SubmissionFormat;
  fileName: string | null;
  /** SHA-256 of the bytes as received, lower-case hex. */
  fileHash: string;
  itemCount: number;
  /** The reporting unit whose registered key verified the signature, with the key's fingerprint. */
  signerUnit: string | null;
  signerKey: string | null;
  signature: string | null;
}

export interface Submission extends NewSubmission {
  id: number;
}

interface Row {
  id: number;
  received_at: number;
  submitter: string;
  api_key_id: number | null;
  format: SubmissionFormat;
  file_name: string | null;
  file_hash: string;
  item_count: number;
  signer_unit: string | null;
  signer_key: string | null;
  signature: string | null;
}

const INSERT = `INSERT INTO submissions (received_at, submitter, api_key_id, format, file_name, file_hash, item_count, signer_unit, signer_key, signature)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;

/** The submissions table: one row per stored batch or file (the provenance of its values). */
export class SubmissionsRepo {
  constructor(private readonly sql: Sql) {}

  /** Records a submission; pass the transaction (`tx`) that stores its values. */
  async add(s: NewSubmission, tx: Sql = this.sql): Promise<number> {
    const row = await tx.get<{ id: number }>(INSERT, [s.receivedAt, s.submitter, s.apiKeyId, s.format, s.fileName, s.fileHash, s.itemCount, s.signerUnit, s.signerKey, s.signature]);
    return row!.id;
  }

  async get(id: number): Promise<Submission | null> {
    const r = await this.sql.get<Row>('SELECT * FROM submissions WHERE id = ?', [id]);
    if (!r) return null;
    return {
      id: r.id,
      receivedAt: r.received_at,
      submitter: r.submitter,
      apiKeyId: r.api_key_id,
      format: r.format,
      fileName: r.file_name,
      fileHash: r.file_hash,
      itemCount: r.item_count,
      signerUnit: r.signer_unit,
      signerKey: r.signer_key,
      signature: r.signature,
    };
  }
}
