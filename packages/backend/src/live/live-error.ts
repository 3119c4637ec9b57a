import type { FieldIssue, LiveAckError } from '@hoistway/shared-types';

/** A refused live-session request: carries the HTTP status and the API's error shape. */
export class LiveError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'LiveError';
  }

  /** Plain data, so the error can cross a worker boundary and end up in an acknowledgement. */
  toJSON(): { statusCode: number; code: string; message: string; details: FieldIssue[] } {
    return { statusCode: this.statusCode, code: this.code, message: this.message, details: this.details };
  }

  static fromJSON(data: {
    statusCode: number;
    code: string;
    message: string;
    details: FieldIssue[];
  }): LiveError {
    return new LiveError(data.statusCode as LiveError['statusCode'], data.code, data.message, data.details);
  }
}

export const notFound = (sessionId: string) =>
  new LiveError(404, 'Not Found', `session ${sessionId} not found`, [
    { path: 'sessionId', message: 'not found' },
  ]);

export const conflict = (message: string) => new LiveError(409, 'Conflict', message);

/** The acknowledgement sent to a Socket.IO client for any error (internal ones keep their details private). */
export function toAckError(err: unknown): LiveAckError {
  if (err instanceof LiveError)
    return { ok: false, error: err.code, message: err.message, details: err.details };
  return { ok: false, error: 'Internal Server Error', message: 'internal error', details: [] };
}

/** An error as plain data, so it survives postMessage and a replica-to-replica forward. */
export type SerializedError =
  | {
      live: true;
      statusCode: number;
      code: string;
      message: string;
      details: FieldIssue[];
    }
  | { live: false; message: string };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof LiveError) return { live: true, ...err.toJSON() };
  return { live: false, message: err instanceof Error ? err.message : String(err) };
}

export function deserializeError(error: SerializedError): Error {
  return error.live ? LiveError.fromJSON(error) : new Error(error.message);
}
