// The drivers ship no types and the workspace has no @types for them; these tests use a handful
// of calls (connect, query, prepare().all, close), so plain module declarations do.
declare module 'pg';
declare module 'better-sqlite3';
