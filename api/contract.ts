// An endpoint's contract in one place: the router parses with it and the OpenAPI document is built
// from it, so the published spec cannot drift from what the code accepts.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../domain/roles';
import { validationError } from './errors';

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;                         // express style, e.g. /api/v1/cycles/:year
  summary: string;
  tag: string;
  /** null = public (no token); otherwise the roles allowed (empty = any authenticated principal). */
  roles: readonly Role[] | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A streamed body the router reads itself (documented, not parsed up front): feed rows, or a file of `fileTypes`. */
  rawBody?: { description: string; schema: z.ZodType; fileTypes?: readonly string[] };
  /** `contentTypes`: a response that is not JSON (a file, a CSV export), documented as what it is. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentTypes?: readonly string[] }>;
}

export const defineEndpoint = <E extends Endpoint>(endpoint: E) => endpoint;

type Parsed<E extends Endpoint, K extends 'params' | 'query' | 'body'> = E[K] extends z.ZodType ? z.output<E[K]> : undefined;

export interface ParsedRequest<E extends Endpoint> {
  params: Parsed<E, 'params'>;
  query: Parsed<E, 'query'>;
  body: Parsed<E, 'body'>;
}

/** Parses one part of a request; a failure is a 400 naming the fields. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, where: 'params' | 'query' | 'body'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** Parses params, query and body with the contract's schemas. */
export function parseRequest<E extends Endpoint>(endpoint: E, req: Parameters<RequestHandler>[0]): ParsedRequest<E> {
  const parse = (schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body') => (schema ? parsePart(schema, value, where) : undefined);
  return {
    params: parse(endpoint.params, req.params, 'params'),
    query: parse(endpoint.query, req.query, 'query'),
    body: parse(endpoint.body, req.body, 'body'),
  } as ParsedRequest<E>;
}

export const errorBodySchema = z
  .object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) })
  .meta({ id: 'Error', description: '错误：code 为稳定的错误码，message 为中文说明' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求参数不正确',
  401: '未认证',
  403: '无权限',
  404: '不存在',
  409: '与当前状态冲突',
  413: '请求过大',
  415: '内容类型或编码不受支持',
  422: '不符合业务规则',
  429: '请求过于频繁（见 Retry-After 头）',
  503: '数据库或流程引擎不可用',
};

/** Error responses of an endpoint, each with the common error body; `descriptions` overrides the defaults. */
export function errorResponses(statuses: number[], descriptions: Record<number, string> = {}): Endpoint['responses'] {
  return Object.fromEntries(statuses.map((status) => [status, { description: descriptions[status] ?? ERROR_DESCRIPTIONS[status]!, schema: errorBodySchema }]));
}

/**
 * Every status an endpoint can answer: its own, plus those every request of its kind can meet — 400 for a
 * malformed path, a NUL character or an over-deep body (api/inputGuards.ts); 401 and 403 with a token and
 * roles; 404 for a path with ids; 413 and 415 for a JSON body (2 MB, UTF-8); 503 when the database or
 * Temporal is unreachable. The endpoint's own descriptions win.
 */
export function documentedResponses(endpoint: Endpoint): Endpoint['responses'] {
  const implied = [400];
  if (endpoint.roles !== null) implied.push(401);
  if (endpoint.roles !== null && endpoint.roles.length > 0) implied.push(403);
  if (endpoint.path.includes(':')) implied.push(404);
  if (endpoint.body) implied.push(413, 415);
  if (endpoint.path !== '/healthz') implied.push(503);
  return Object.fromEntries(
    Object.entries({ ...errorResponses(implied), ...endpoint.responses }).sort(([a], [b]) => Number(a) - Number(b)),
  );
}
