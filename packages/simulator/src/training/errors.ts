/** The database cannot be reached or refused the connection (unreachable host, unknown database, auth). */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';
}

/** The named dataset exists without --resume, or --resume was asked with inputs that differ from it. */
export class DatasetConflictError extends Error {
  override readonly name = 'DatasetConflictError';
}

/** Training or model input the user must fix: unknown or empty dataset, mismatched features, bad file. */
export class TrainingInputError extends Error {
  override readonly name = 'TrainingInputError';
}

/** No registered model answers to the given name, `name@version` or id. */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
}
