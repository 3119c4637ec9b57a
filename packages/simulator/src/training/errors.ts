/** The database cannot be reached or refused the connection (unreachable host, unknown database, auth). */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';
}

/** The named dataset exists without --resume, or --resume was asked with inputs that differ from it. */
export class DatasetConflictError extends Error {
  override readonly name = 'DatasetConflictError';
}
