import { describe, expect, it } from 'vitest';
import { numberedPlaceholders, placeholders } from './sql.js';

describe('numberedPlaceholders', () => {
  it('numbers question marks in order', () => {
    expect(numberedPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });
  it('leaves question marks in literals, quoted names and comments alone', () => {
    expect(numberedPlaceholders(`SELECT 'why?', 'it''s?', "odd?col" FROM t -- where?\nWHERE a = ?`)).toBe(`SELECT 'why?', 'it''s?', "odd?col" FROM t -- where?\nWHERE a = $1`);
  });
  it('makes the list of an IN', () => {
    expect(placeholders(3)).toBe('?, ?, ?');
  });
});
