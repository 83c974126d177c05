// One error shape for every response: { code, message (Chinese, for people), details }.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { HolidayScheduleMissingError } from '../domain/workingDays';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const unauthorized = () => new ApiError(401, 'UNAUTHENTICATED', '未认证：请在 Authorization 头中提供有效的 Bearer 令牌');
export const forbidden = (why = '当前身份无权执行此操作') => new ApiError(403, 'FORBIDDEN', why);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);

export interface ErrorBody {
  code: string;
  message: string;
  details: unknown[];
}

/** Zod issues as details a client can act on: which field, what is wrong. */
export function validationError(error: ZodError, where: 'body' | 'query' | 'params'): ApiError {
  const details = error.issues.map((issue) => ({ field: [where, ...issue.path].join('.'), code: issue.code, message: issue.message }));
  return new ApiError(400, 'VALIDATION_FAILED', `请求参数不正确：${details.map((d) => d.field).join('、')}`, details);
}

/** True for errors that mean a backing service (database, Temporal) cannot be reached right now. */
export function isUnavailable(error: unknown): 'DATABASE_UNAVAILABLE' | 'TEMPORAL_UNAVAILABLE' | null {
  const text = describe(error);
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|Can't reach database|Connection terminated|P1001|DatabaseNotReachable/i.test(text)) {
    return /temporal|grpc|14 UNAVAILABLE/i.test(text) ? 'TEMPORAL_UNAVAILABLE' : 'DATABASE_UNAVAILABLE';
  }
  if (/14 UNAVAILABLE|DEADLINE_EXCEEDED|TransportError|ServiceError/i.test(text)) return 'TEMPORAL_UNAVAILABLE';
  return null;
}

function describe(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 4) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name} ${String(code ?? '')} ${error.message} ${describe((error as { cause?: unknown }).cause, depth + 1)}`;
}

const UNAVAILABLE_MESSAGES = {
  DATABASE_UNAVAILABLE: '数据库暂时无法访问，请稍后重试',
  TEMPORAL_UNAVAILABLE: '流程引擎暂时无法访问，请稍后重试',
};

/** Temporal could not be reached, or did not answer within the gateway's deadline (api/workflowCalls.ts). */
export const temporalUnavailable = () => new ApiError(503, 'TEMPORAL_UNAVAILABLE', UNAVAILABLE_MESSAGES.TEMPORAL_UNAVAILABLE);

export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const body = (status: number, code: string, message: string, details: unknown[] = []) =>
    res.status(status).json({ code, message, details } satisfies ErrorBody);
  if (error instanceof ApiError) return body(error.status, error.code, error.message, error.details);
  if (error instanceof HolidayScheduleMissingError) {
    return body(422, error.code, `${error.year} 年的法定节假日安排尚未发布或尚未录入，无法计算工作日期限；请联系系统管理员录入国务院办公厅的放假安排后重试`, [{ year: error.year }]);
  }
  if (error instanceof ZodError) return body(400, 'VALIDATION_FAILED', '请求参数不正确', validationError(error, 'body').details);
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') return body(400, 'MALFORMED_JSON', '请求体不是合法的 JSON');
  if (type === 'entity.too.large') return body(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
  if (type?.startsWith('encoding.') || type === 'charset.unsupported') return body(415, 'UNSUPPORTED_ENCODING', '不支持的请求编码');
  const unavailable = isUnavailable(error);
  if (unavailable) return body(503, unavailable, UNAVAILABLE_MESSAGES[unavailable]);
  // Log the error class and message only: request bodies may carry personal data.
  console.error(`[api] unexpected ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`);
  return body(500, 'INTERNAL_ERROR', '服务器内部错误');
};
