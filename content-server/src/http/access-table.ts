import { CONSOLE_EVENT_ACCESS, WALL_EVENT_ACCESS, type Access } from '@ioc/protocol';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.js';

const BEGIN = '<!-- access-table:begin (generated from ROUTE_ACCESS and the event maps; do not edit by hand) -->';
const END = '<!-- access-table:end -->';

function who(access: RouteAccess | Access): string {
  if ('public' in access) return `**public**: ${access.public}`;
  const parts = [access.roles.length ? access.roles.join(', ') : null, access.device ? 'wall device token (its wall only)' : null].filter(Boolean);
  const via = 'via' in access && access.via ? ` (${access.via === 'key' ? 'API key only' : 'session only'})` : '';
  const unitUsers = 'unitUsers' in access && access.unitUsers ? "; the session of a user bound to a reporting unit (a unit's own account: its unit only)" : '';
  const audited = 'audit' in access && access.audit ? `; each read audited as \`${access.audit}\`` : '';
  return `${parts.join('; ')}${via}${unitUsers}${audited}`;
}

/** The access tables of docs/security.md, between their markers. */
export function accessTables(): string {
  const rows = (entries: Array<[string, RouteAccess | Access]>) => entries.map(([k, a]) => `| \`${k}\` | ${who(a)} |`).join('\n');
  return [
    BEGIN,
    '',
    '| HTTP route | Who may use it |',
    '| --- | --- |',
    rows(Object.entries(ROUTE_ACCESS)),
    '',
    '| Wall socket event (`/wall`) | Who may send it |',
    '| --- | --- |',
    rows(Object.entries(WALL_EVENT_ACCESS)),
    '',
    '| Console socket event (`/console`) | Who may send it |',
    '| --- | --- |',
    rows(Object.entries(CONSOLE_EVENT_ACCESS)),
    '',
    END,
  ].join('\n');
}

/** `doc` with its access tables replaced by the current ones. */
export function withAccessTables(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error('docs/security.md has no access-table markers');
  return doc.slice(0, start) + accessTables() + doc.slice(end + END.length);
}
