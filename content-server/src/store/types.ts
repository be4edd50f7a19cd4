import type Database from 'better-sqlite3';

/** The database handle modules receive; they prepare their own statements once. */
export type Db = Database.Database;
