import type { NotificationEvent } from '@ioc/protocol';
import type { Sql } from '../store/sql.js';

/**
 * What the reports domain has already done, kept so that it is done once across restarts and
 * across servers: a due (report set, period) handled, a notice recorded. Each "did I do it" answer
 * comes from the insert itself (ON CONFLICT DO NOTHING and its row count), never from a read
 * before it: two servers that try at once get one true and one false (on PostgreSQL the second
 * insert waits for the first one's transaction, then does nothing).
 */
export class ReportLedger {
  constructor(private readonly sql: Sql) {}

  /** Marks a due (report set, period) as handled; true when this call did it. */
  async claimDue(reportSet: string, period: string, dueAt: number, now: number, tx: Sql = this.sql): Promise<boolean> {
    const { changes } = await tx.run(
      'INSERT INTO report_due_checks (report_set, period, due_at, checked_at) VALUES (?, ?, ?, ?) ON CONFLICT (report_set, period) DO NOTHING',
      [reportSet, period, dueAt, now],
    );
    return changes === 1;
  }

  /** Whether a due (report set, period) was handled. */
  async wasHandled(reportSet: string, period: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM report_due_checks WHERE report_set = ? AND period = ?', [reportSet, period])) !== undefined;
  }

  /** Records a notice (per event, set, period, unit); true when this call recorded it. */
  async recordNotice(event: NotificationEvent, reportSet: string, period: string, unit: string, now: number, tx: Sql = this.sql): Promise<boolean> {
    const { changes } = await tx.run(
      'INSERT INTO report_notices (event, report_set, period, unit, noticed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (event, report_set, period, unit) DO NOTHING',
      [event, reportSet, period, unit, now],
    );
    return changes === 1;
  }
}
