import type { ApiError, FieldIssue } from '@hoistway/shared-types';

/** A failed API call, carrying the server's message and field issues (`{error, message, details}`). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && 'message' in body && 'error' in body;
}

/** JSON request against the backend's `/api`; throws ApiRequestError with the server's own message. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiRequestError(0, 'The server is not reachable. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    if (isApiError(body)) throw new ApiRequestError(res.status, body.message, body.details ?? []);
    throw new ApiRequestError(res.status, `${res.status} ${res.statusText || 'error'}`);
  }
  return body as T;
}

/** The message to show for any error thrown by an API call or a socket acknowledgement. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The record asked for does not exist (404), or its id cannot name one (400 on the `id` path parameter). */
export function isNotFound(err: unknown): boolean {
  if (!(err instanceof ApiRequestError)) return false;
  return err.status === 404 || (err.status === 400 && err.details.some((d) => d.path === 'id'));
}
