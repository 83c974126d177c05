// The OpenAPI 3.1 document, generated from the endpoint contracts (zod → JSON Schema 2020-12).
import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { ENDPOINTS } from './endpoints';
import { documentedResponses, type Endpoint } from './contract';

type JsonSchema = Record<string, unknown>;

export function buildOpenApiDocument(): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  // Named schemas (.meta({ id })) become components; references point at them.
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' });
    const json = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [id, def] of Object.entries(json.$defs ?? {})) components[id] = def;
    delete json.$defs;
    delete json.$schema;
    const id = json.id as string | undefined;
    if (id) {
      delete json.id;
      components[id] = json;
      return { $ref: `#/components/schemas/${id}` };
    }
    return json;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of ENDPOINTS) {
    const path = endpoint.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][endpoint.method] = operation(endpoint, toSchema);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'getihu-flow API',
      version: '1',
      description:
        '随州市个体工商户分型分类精准培育流程平台。除 /healthz、/readyz 与公示名单外，所有接口需要 `Authorization: Bearer <令牌>`；' +
        '错误统一为 `{ code, message, details }`。',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '部门、工作人员与经营者的 API 令牌' } },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
    paths,
  };
}

function operation(endpoint: Endpoint, toSchema: (s: z.ZodType, io: 'input' | 'output') => JsonSchema) {
  const parameters = [
    ...objectParameters(endpoint.params, 'path', toSchema),
    ...objectParameters(endpoint.query, 'query', toSchema),
  ];
  const roles = endpoint.roles === null ? '公开' : endpoint.roles.length === 0 ? '任何已认证身份' : endpoint.roles.map((r) => `${r}（${ROLES[r]}）`).join('、');
  return {
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: `权限：${roles}`,
    operationId: `${endpoint.method}${endpoint.path.replace(/[/:](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    ...(endpoint.roles === null ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(endpoint.body, 'input') } } } } : {}),
    ...(endpoint.rawBody
      ? {
          requestBody: {
            required: true,
            description: endpoint.rawBody.description,
            content: endpoint.rawBody.fileTypes
              ? Object.fromEntries(endpoint.rawBody.fileTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]))
              : {
                  'application/json': { schema: toSchema(endpoint.rawBody.schema, 'input') },
                  // Text bodies: their rows are the JSON array's items, one a line.
                  'application/x-ndjson': {
                    schema: { type: 'string', contentMediaType: 'application/x-ndjson', description: '每行一个 JSON 对象（字段同 application/json 数组的元素），UTF-8，每行不超过 64 KB' },
                  },
                  'text/csv': {
                    schema: { type: 'string', contentMediaType: 'text/csv', description: 'RFC 4180 CSV，UTF-8（可带 BOM），首行为字段名（同 application/json 数组元素的字段），列表字段用 | 分隔，每行不超过 64 KB' },
                  },
                },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(documentedResponses(endpoint)).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema ? { content: { 'application/json': { schema: toSchema(r.schema, 'output') } } } : {}),
          // Other content types are files or text; a JSON alternative keeps the response's schema.
          ...(r.contentTypes
            ? { content: Object.fromEntries(r.contentTypes.map((type) => [type, { schema: type === 'application/json' && r.schema ? toSchema(r.schema, 'output') : { type: 'string', format: 'binary' } }])) }
            : {}),
        },
      ]),
    ),
  };
}

function objectParameters(schema: z.ZodObject | undefined, where: 'path' | 'query', toSchema: (s: z.ZodType, io: 'input' | 'output') => JsonSchema) {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: toSchema(field as z.ZodType, 'input'),
  }));
}
