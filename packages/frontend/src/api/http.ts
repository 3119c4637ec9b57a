import { CSRF_HEADER, SHARE_TOKEN_HEADER, type ApiError, type FieldIssue } from '@hoistway/shared-types';

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

/**
 * Credentials the client adds: the session's CSRF token (state-changing requests authenticated by the
 * cookie must echo it) and a live view's share-link token. The auth store keeps them current.
 */
export const credentials: { csrfToken: string | null; shareToken: string | null } = {
  csrfToken: null,
  shareToken: null,
};

/** Called on any 401 (the session expired or was ended elsewhere): the app sends the user to sign in. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** JSON request against the backend's `/api`; throws ApiRequestError with the server's own message. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && credentials.csrfToken) headers[CSRF_HEADER] = credentials.csrfToken;
  if (credentials.shareToken) headers[SHARE_TOKEN_HEADER] = credentials.shareToken;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
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
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized?.();
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
