/**
 * One error shape for every response: `{error, message, details: [{path, message}]}`.
 * Request validation keeps zod's path arrays so fields read `groups[0].cars[2].speed`.
 */
import { STATUS_CODES } from 'node:http';
import { issuesOf, type ApiError, type FieldIssue } from '@hoistway/shared-types';
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
  ) {
    super(`Invalid ${partNames[part] ?? part}`);
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const parsed = schema.safeParse(data);
    if (parsed.success) return { value: parsed.data };
    return { error: new RequestValidationError(httpPart ?? 'request', issuesOf(parsed.error)) };
  };

function body(statusCode: number, message: string, details: FieldIssue[] = []): ApiError {
  return { error: STATUS_CODES[statusCode] ?? 'Error', message, details };
}

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  message: string,
  details: FieldIssue[] = [],
) {
  return reply
    .code(statusCode)
    .type('application/json')
    .send(body(statusCode, message, details));
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | HttpError | RequestValidationError, request: FastifyRequest, reply) => {
      if (error instanceof HttpError) return sendError(reply, error.statusCode, error.message, error.details);
      // Fastify wraps validator errors: the original is the error itself (validation context added).
      if (error instanceof RequestValidationError) return sendError(reply, 400, error.message, error.issues);
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
