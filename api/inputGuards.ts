// Guards every request passes before any route sees it, so that nothing a client can send reaches
// PostgreSQL or the recursion of a schema as a 500: a path that does not decode, a NUL character
// (PostgreSQL text cannot hold one), malformed UTF-8 (stored as U+FFFD otherwise), a JSON body nested
// deeper than any contract needs (deep recursion in the validators, and stored documents ordinary
// decoders refuse), and a method the contract does not declare for a path (405 with Allow).
import type { RequestHandler } from 'express';
import type { Endpoint } from './contract';
import { ApiError } from './errors';

/** Deeper than any contract needs (a ruleset expression is the deepest, about 8 levels). */
export const MAX_JSON_DEPTH = 32;

const problem = (code: string, message: string, field: string) => new ApiError(400, code, message, [{ field, code, message }]);
const nulCharacter = (field: string) => problem('NUL_CHARACTER', `「${field}」含有空字符（\\u0000），请删除后重试`, field);

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A UTF-16 surrogate without its pair (JSON's "\ud800"): no UTF-8 encoding exists, PostgreSQL would get U+FFFD. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** express.json's `verify`: a body that is not valid UTF-8 is refused instead of decoded into U+FFFD. */
export function verifyUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  try {
    utf8.decode(body);
  } catch {
    throw problem('MALFORMED_UTF8', '请求体不是合法的 UTF-8 编码', 'body');
  }
}

/** The decoded path, or a 400 for a malformed percent escape or a NUL (on every route, before authentication). */
export const pathGuard: RequestHandler = (req, _res, next) => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    throw problem('MALFORMED_PATH', '请求路径中的百分号编码不正确', 'path');
  }
  if (decoded.includes('\0')) throw nulCharacter('path');
  next();
};

/** Walks the parsed query and JSON body without recursion: NUL characters and excessive depth are refused. */
export const valueGuard: RequestHandler = (req, _res, next) => {
  inspect(req.query, 'query', 8);
  if (req.body !== undefined && !Buffer.isBuffer(req.body)) inspect(req.body, 'body', MAX_JSON_DEPTH);
  next();
};

function inspect(root: unknown, where: string, maxDepth: number): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: where, depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) throw nulCharacter(path);
      if (LONE_SURROGATE.test(value)) throw problem('MALFORMED_UTF8', `「${path}」含有不成对的代理字符，不是合法的 Unicode 文本`, path);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw problem('TOO_DEEP', `请求内容嵌套超过 ${maxDepth} 层`, path);
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\0')) throw nulCharacter(path);
      stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
}

/**
 * A method the contracts do not declare for a path they do declare: 405 with `Allow`, before
 * authentication (the answer is the same for everybody). HEAD follows GET, as Express answers it.
 */
export function rejectUndeclaredMethods(endpoints: readonly Endpoint[]): RequestHandler {
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const e of endpoints) {
    const entry = patterns.get(e.path) ?? { pattern: new RegExp(`^${e.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`), methods: new Set<string>() };
    entry.methods.add(e.method.toUpperCase());
    if (e.method === 'get') entry.methods.add('HEAD');
    patterns.set(e.path, entry);
  }
  return (req, res, next) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of patterns.values()) if (pattern.test(req.path)) methods.forEach((m) => allowed.add(m));
    if (allowed.size && !allowed.has(req.method)) {
      const allow = [...allowed].sort();
      res.setHeader('Allow', allow.join(', '));
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `该接口不支持 ${req.method} 方法，可用：${allow.join('、')}`);
    }
    next();
  };
}

export const notFoundFallback: RequestHandler = () => {
  throw new ApiError(404, 'NOT_FOUND', '接口不存在');
};
