export { BackupError } from './backup-error.js';
export { PgBackups, backupBefore, pgBackRestTime, refuseNonEmpty, type BackupReport, type RestoreOptions, type RestoreReport } from './pg-backups.js';
export { PgBackRest, parseInfo, type BackupSet, type BackupType, type StanzaInfo } from './pgbackrest.js';
export { STANZA, archiveCommand, archiveSettings, renderConfig, repoFromEnv, repoLayout } from './pgbackrest-config.js';
export { startRestoredServer, type RestoredServer } from './restored-server.js';
export { databaseUrlFromEnv, describeUrl, publicTableCounts, withDatabase } from './source.js';
export { compareCounts, verifyRestored, type CountRow, type RestoreCheck } from './verify.js';
export { ownerOf } from './os-user.js';
