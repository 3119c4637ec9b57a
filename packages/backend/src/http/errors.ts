/**
 * One error shape for every response: `{error, message, details: [{path, message}]}`.
 * Request validation keeps zod's path arrays so fields read `groups[0].cars[2].speed`.
 */
import { STATUS_CODES } from 'node:http';
import {
  issuesOf,
  MAX_REPORTED_ISSUES,
  scanInput,
  type ApiError,
  type FieldIssue,
} from '@hoistway/shared-types';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
} from 'fastify';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const conflict = (message: string) => new HttpError(409, message);
export const badRequest = (message: string, details: FieldIssue[] = []) =>
  new HttpError(400, message, details);

const partNames: Record<string, string> = {
  body: 'request body',
  querystring: 'query string',
  params: 'path parameters',
  headers: 'headers',
};

/** Carries the field issues of a rejected request part to the error handler. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: FieldIssue[],
    /** Issues found in all (`issues` may list only the first of them). */
    readonly issueCount = issues.length,
    note = '',
  ) {
    super(`Invalid ${partNames[part] ?? part}${note}`);
  }
}

/**
 * Inputs up to this many values are validated in full when invalid (every issue counted); larger
 * invalid ones report the first issue zod meets, so a huge invalid body costs no more than a valid one.
 */
export const FULL_REPORT_NODES = 20_000;

// zod's own early exit (what `schema.validate` uses): stop at the first issue. Not in its public
// types, hence the cast; request-validation tests cover it.
const abortEarly = { abortEarly: true } as z.core.ParseContext<z.core.$ZodIssue>;

/**
 * Request validation, in this order: text the database cannot store (NUL, lone surrogates) anywhere
 * in the part → 400 naming the field; then the schema, stopping at the first issue; an invalid part
 * is parsed again for its issues only while that stays cheap (FULL_REPORT_NODES).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const part = httpPart ?? 'request';
    const scan = scanInput(data, { maxIssues: MAX_REPORTED_ISSUES });
    if (scan.issues.length > 0) return { error: new RequestValidationError(part, scan.issues) };
    const quick = schema.safeParse(data, abortEarly);
    if (quick.success) return { value: quick.data };
    if (scan.nodes > FULL_REPORT_NODES) {
      const issues = issuesOf(quick.error, MAX_REPORTED_ISSUES);
      return {
        error: new RequestValidationError(
          part,
          issues,
          issues.length,
          ' (a large input: only its first problem is reported)',
        ),
      };
    }
    const full = schema.safeParse(data);
    const error = full.success ? quick.error : full.error;
    return {
      error: new RequestValidationError(part, issuesOf(error, MAX_REPORTED_ISSUES), error.issues.length),
    };
  };

/** Longest path and message of one reported issue (both may quote the input). */
const MAX_PATH_CHARS = 200;
const MAX_MESSAGE_CHARS = 500;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The error body: at most MAX_REPORTED_ISSUES issues, each of bounded size, and `issueCount` when
 * more were found, so no input can make an error response large.
 */
function body(
  statusCode: number,
  message: string,
  details: FieldIssue[] = [],
  issueCount?: number,
): ApiError {
  const count = Math.max(issueCount ?? 0, details.length);
  const listed = details
    .slice(0, MAX_REPORTED_ISSUES)
    .map((d) => ({ path: cut(d.path, MAX_PATH_CHARS), message: cut(d.message, MAX_MESSAGE_CHARS) }));
  return {
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: cut(message, MAX_MESSAGE_CHARS),
    details: listed,
    ...(count > listed.length ? { issueCount: count } : {}),
  };
}

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  message: string,
  details: FieldIssue[] = [],
  issueCount?: number,
) {
  return reply
    .code(statusCode)
    .type('application/json')
    .send(body(statusCode, message, details, issueCount));
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | HttpError | RequestValidationError, request: FastifyRequest, reply) => {
      if (error instanceof HttpError) return sendError(reply, error.statusCode, error.message, error.details);
      // Fastify wraps validator errors: the original is the error itself (validation context added).
      if (error instanceof RequestValidationError)
        return sendError(reply, 400, error.message, error.issues, error.issueCount);
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
      if (status >= 400 && status < 500) {
        return sendError(reply, status, clientMessage(error as FastifyError, status));
      }
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, 500, 'Internal server error');
    },
  );
}

function clientMessage(error: FastifyError, status: number): string {
  if (status === 413) return 'Request body is too large';
  if (status === 415) return 'Unsupported content type (send application/json)';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    return 'Request body is not valid JSON';
  return error.message;
}

/** The value, or a 404 naming what was looked up. */
export function orNotFound<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}
