// The authorization matrix: one row per endpoint of api/endpoints.ts, keyed "METHOD /path". Who may
// call an endpoint comes from its contract (roles); a row says how to call it for a target business and
// what an allowed principal gets back. authorization.test.ts runs every row × every role × own / other
// household / other county, and fails when ENDPOINTS has an endpoint without a row (or a row too many).
//
// Writes are called so that they are refused *after* authorization and change nothing: an invalid
// body (400), a closed task or recheck (409), an unknown id (404). Adding a row is one line, e.g.
//   'GET /api/v1/audit': { request: () => get('/api/v1/audit') },
import type { Role } from '../../domain/roles';
import { FEEDS } from '../../domain/feeds/feedDefinitions';

export type Scope = 'own' | 'otherHousehold' | 'otherCounty';

/** What a row may use: the target business of the scope and the fixture's objects for it. */
export interface Target {
  year: number;
  uscc: string;
  county: string;
  /** A closed recheck-verification task in the target's county (actions on it are refused with 409). */
  closedTaskId: string;
  /** The target's evidence file. */
  evidenceId: string;
  /** A staff member of the target's county (an assignee for the assign action). */
  staffId: string;
}

export interface MatrixRequest {
  method: 'get' | 'post';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Caller {
  role: Role;
  department: string | null;
}

export interface Row {
  request: (t: Target) => MatrixRequest;
  /**
   * The target this endpoint acts on, so reach applies: 'business' (households their own, county staff
   * their county: 403 otherwise), 'task' (county staff their county: 403, or `outOfReach`).
   */
  reach?: 'business' | 'task';
  outOfReach?: number;
  /** What an allowed principal in reach gets (default 200). */
  allowed?: number | ((scope: Scope, caller: Caller) => number);
}

export const get = (path: string, headers?: Record<string, string>): MatrixRequest => ({ method: 'get', path, headers });
export const post = (path: string, body: unknown = {}, headers?: Record<string, string>): MatrixRequest => ({ method: 'post', path, body, headers });

const invalid = { allowed: 400 } as const;
const NO_PLAN = '5a0f6c1e-0000-4000-8000-00000000beef';
const onClosedTask = (verb: string, body?: unknown): Row => ({ request: (t) => post(`/api/v1/tasks/${t.closedTaskId}/${verb}`, body), reach: 'task', allowed: 409 });

export const MATRIX: Record<string, Row> = {
  'GET /healthz': { request: () => get('/healthz') },
  'GET /readyz': { request: () => get('/readyz') },
  'GET /api/v1/me': { request: () => get('/api/v1/me') },
  'POST /api/v1/cycles': { request: () => post('/api/v1/cycles', { year: 'abc' }), ...invalid },
  'GET /api/v1/cycles': { request: () => get('/api/v1/cycles') },
  'GET /api/v1/cycles/:year': { request: (t) => get(`/api/v1/cycles/${t.year}`) },
  // A malformed Idempotency-Key is refused after the department check: nothing is read or stored.
  ...Object.fromEntries(FEEDS.map((feed) => [`POST /api/v1/feeds/${feed.name}`, {
    request: () => post(`/api/v1/feeds/${feed.name}?asOf=2025-06-30`, '', { 'Idempotency-Key': 'not a key!', 'Content-Type': 'text/csv' }),
    allowed: (_scope: Scope, caller: Caller) => (caller.department && feed.departments.includes(caller.department) ? 400 : 403),
  } satisfies Row])),
  'GET /api/v1/feeds/freshness': { request: () => get('/api/v1/feeds/freshness') },
  'GET /api/v1/businesses/:uscc': { request: (t) => get(`/api/v1/businesses/${t.uscc}?year=${t.year}`), reach: 'business' },
  'GET /api/v1/directory': { request: (t) => get(`/api/v1/directory?year=${t.year}&limit=5`) },
  'GET /api/v1/directory/export': { request: (t) => get(`/api/v1/directory/export?year=${t.year}&format=json&type=D`) },
  // Every target already has this year's recheck.
  'POST /api/v1/rechecks': { request: (t) => post('/api/v1/rechecks', { year: t.year, uscc: t.uscc, disputed: [{ feature: 'revenue', claimedValue: 1 }] }), reach: 'business', allowed: 409 },
  'GET /api/v1/rechecks/:year/:uscc': { request: (t) => get(`/api/v1/rechecks/${t.year}/${t.uscc}`), reach: 'business' },
  // The own target's recheck is open (decisions that do not match: 422); the other household's is closed (409).
  'POST /api/v1/rechecks/:year/:uscc/verification': {
    request: (t) => post(`/api/v1/rechecks/${t.year}/${t.uscc}/verification`, { decisions: [{ feature: 'employees', accept: false, reason: '矩阵' }] }),
    reach: 'business', allowed: (scope) => (scope === 'own' ? 422 : 409),
  },
  'GET /api/v1/tasks': { request: () => get('/api/v1/tasks') },
  'GET /api/v1/tasks/:id': { request: (t) => get(`/api/v1/tasks/${t.closedTaskId}`), reach: 'task', outOfReach: 404 },
  'POST /api/v1/tasks/:id/claim': onClosedTask('claim'),
  'POST /api/v1/tasks/:id/unclaim': onClosedTask('unclaim'),
  'POST /api/v1/tasks/:id/complete': onClosedTask('complete', { payload: { decisions: [{ feature: 'revenue', accept: false, reason: '矩阵' }] } }),
  'POST /api/v1/tasks/:id/assign': { ...onClosedTask('assign'), request: (t) => post(`/api/v1/tasks/${t.closedTaskId}/assign`, { mode: 'DELEGATE', assigneeId: t.staffId, note: '矩阵' }) },
  'POST /api/v1/tasks/:id/send-back': onClosedTask('send-back', { reason: '矩阵' }),
  // Comments: the task's own role (市场监管所) or its county administrator; the city is not either.
  'POST /api/v1/tasks/:id/comments': { ...onClosedTask('comments', { text: '矩阵' }), outOfReach: 404, allowed: (_s, caller) => (caller.role === 'CITY_AMR' ? 403 : 409) },
  // A batch with one item over the cap is refused whole (400) after the role check: nothing is run.
  'POST /api/v1/tasks/batch': { request: (t) => post('/api/v1/tasks/batch', { items: Array.from({ length: 101 }, () => ({ action: 'claim', taskId: t.closedTaskId })) }), ...invalid },
  'GET /api/v1/applications/:year/:uscc/form': { request: (t) => get(`/api/v1/applications/${t.year}/${t.uscc}/form?category=YOU`), reach: 'business' },
  'POST /api/v1/applications': { request: () => post('/api/v1/applications', {}), ...invalid },
  // Only the own target has an application.
  'GET /api/v1/applications/:year/:uscc': { request: (t) => get(`/api/v1/applications/${t.year}/${t.uscc}`), reach: 'business', allowed: (scope) => (scope === 'own' ? 200 : 404) },
  'GET /api/v1/applications': { request: (t) => get(`/api/v1/applications?year=${t.year}`) },
  // The own target's application was refused at the gate: nothing to withdraw.
  'POST /api/v1/applications/:year/:uscc/withdrawal': { request: (t) => post(`/api/v1/applications/${t.year}/${t.uscc}/withdrawal`, {}), reach: 'business', allowed: 409 },
  'POST /api/v1/recommendations': { request: () => post('/api/v1/recommendations', {}), ...invalid },
  'GET /api/v1/public/notices': { request: (t) => get(`/api/v1/public/notices?year=${t.year}`) },
  'POST /api/v1/public/objections': { request: () => post('/api/v1/public/objections', {}), ...invalid },
  'GET /api/v1/public/objections/:id': { request: () => get('/api/v1/public/objections/5a0f6c1e-0000-4000-8000-00000000abcd'), allowed: 404 },
  'GET /api/v1/cycles/:year/category-summary': { request: (t) => get(`/api/v1/cycles/${t.year}/category-summary`) },
  'POST /api/v1/evidence': { request: () => post('/api/v1/evidence'), ...invalid },
  'GET /api/v1/evidence/:id': { request: (t) => get(`/api/v1/evidence/${t.evidenceId}`), reach: 'business' },
  'GET /api/v1/rulesets': { request: () => get('/api/v1/rulesets') },
  'POST /api/v1/rulesets': { request: () => post('/api/v1/rulesets', {}), ...invalid },
  'POST /api/v1/rulesets/:id/approve': { request: () => post('/api/v1/rulesets/NO-SUCH@0/approve'), allowed: 404 },
  'POST /api/v1/rulesets/:id/activate': { request: () => post('/api/v1/rulesets/NO-SUCH@0/activate'), allowed: 404 },
  'POST /api/v1/rulesets/:id/what-if': { request: () => post('/api/v1/rulesets/NO-SUCH@0/what-if', {}), ...invalid },
  'GET /api/v1/category-rules': { request: () => get('/api/v1/category-rules') },
  'GET /api/v1/category-rules/:id': { request: () => get('/api/v1/category-rules/MTYX@no-such'), allowed: 404 },
  'GET /api/v1/category-rules/:id/diff': { request: () => get('/api/v1/category-rules/MTYX@no-such/diff'), allowed: 404 },
  'POST /api/v1/category-rules': { request: () => post('/api/v1/category-rules', {}), ...invalid },
  'POST /api/v1/category-rules/:id/approve': { request: () => post('/api/v1/category-rules/MTYX@no-such/approve'), allowed: 404 },
  'POST /api/v1/category-rules/:id/activate': { request: () => post('/api/v1/category-rules/MTYX@no-such/activate'), allowed: 404 },
  'GET /api/v1/audit': { request: () => get('/api/v1/audit?limit=5') },
  // As GET /api/v1/applications/:year/:uscc: only the own target has an application.
  'GET /api/v1/cycles/:year/type-mix': { request: (t) => get(`/api/v1/cycles/${t.year}/type-mix`) },
  'GET /api/v1/statistics/workbook.xlsx': { request: (t) => get(`/api/v1/statistics/workbook.xlsx?year=${t.year}`) },
  'GET /api/v1/statistics/panel': { request: (t) => get(`/api/v1/statistics/panel?year=${t.year}`) },
  'GET /api/v1/statistics/:view': { request: (t) => get(`/api/v1/statistics/type-mix?year=${t.year}`) },
  // Reach is checked before the body: an empty reason is refused (400) only within reach, and nothing is recorded.
  'POST /api/v1/statistics/panel/:year/:uscc': { request: (t) => post(`/api/v1/statistics/panel/${t.year}/${t.uscc}`, {}), reach: 'business', ...invalid },
  'POST /api/v1/statistics/panel/:year/:uscc/remove': { request: (t) => post(`/api/v1/statistics/panel/${t.year}/${t.uscc}/remove`, {}), reach: 'business', ...invalid },
  'GET /api/v1/policies': { request: () => get('/api/v1/policies') },
  'POST /api/v1/policies': { request: () => post('/api/v1/policies', {}), ...invalid },
  'POST /api/v1/policies/:id/publish': { request: () => post('/api/v1/policies/NO-SUCH@0/publish', { validFrom: '2026-01-01' }), allowed: 404 },
  'POST /api/v1/policies/:id/withdraw': { request: () => post('/api/v1/policies/NO-SUCH@0/withdraw', { reason: '矩阵' }), allowed: 404 },
  'GET /api/v1/policies/:id/reach': { request: () => get('/api/v1/policies/NO-SUCH@0/reach'), allowed: 404 },
  'GET /api/v1/businesses/:uscc/policies': { request: (t) => get(`/api/v1/businesses/${t.uscc}/policies`), reach: 'business' },
  // Reach is checked before the body: an empty body is refused (400) only within reach, and nothing is recorded.
  'POST /api/v1/businesses/:uscc/policies/:policyId/uptake': { request: (t) => post(`/api/v1/businesses/${t.uscc}/policies/NO-SUCH@0/uptake`, {}), reach: 'business', ...invalid },
  'POST /api/v1/businesses/:uscc/credit-consent': { request: (t) => post(`/api/v1/businesses/${t.uscc}/credit-consent`, {}), reach: 'business', ...invalid },
  // The financial institution's only list (and the city's); every other endpoint answers it 403.
  'GET /api/v1/businesses/:uscc/credit-consent': { request: (t) => get(`/api/v1/businesses/${t.uscc}/credit-consent`), reach: 'business' },
  'GET /api/v1/credit/households': { request: () => get('/api/v1/credit/households') },
  // Inspection plans: an unknown plan (404) after the role check; a plan body that does not parse (400).
  'POST /api/v1/inspection-plans': { request: () => post('/api/v1/inspection-plans', {}), ...invalid },
  'POST /api/v1/inspection-plans/:id/freeze': { request: () => post(`/api/v1/inspection-plans/${NO_PLAN}/freeze`), allowed: 404 },
  'POST /api/v1/inspection-plans/:id/draw': { request: () => post(`/api/v1/inspection-plans/${NO_PLAN}/draw`), allowed: 404 },
  'GET /api/v1/inspection-plans/:id': { request: () => get(`/api/v1/inspection-plans/${NO_PLAN}`), allowed: 404 },
  'POST /api/v1/inspection-plans/:id/inspections/:uscc/outcome': { request: (t) => post(`/api/v1/inspection-plans/${NO_PLAN}/inspections/${t.uscc}/outcome`, { outcome: '未发现问题' }), allowed: 404 },
  'GET /api/v1/public/inspection-plans/:id': { request: () => get(`/api/v1/public/inspection-plans/${NO_PLAN}`), allowed: 404 },
  'GET /api/v1/public/inspection-plans/:id/population': { request: () => get(`/api/v1/public/inspection-plans/${NO_PLAN}/population`), allowed: 404 },
  'GET /api/v1/inspection-plans': { request: () => get('/api/v1/inspection-plans') },
  'GET /api/v1/public/inspection-plans': { request: () => get('/api/v1/public/inspection-plans') },
  // No target has a designation: reading it, defending or reporting fraud finds none (404) once in reach.
  'GET /api/v1/designations/:year/:uscc': { request: (t) => get(`/api/v1/designations/${t.year}/${t.uscc}`), reach: 'business', allowed: 404 },
  'POST /api/v1/designations/:year/:uscc/defence': { request: (t) => post(`/api/v1/designations/${t.year}/${t.uscc}/defence`, { statement: '矩阵' }), reach: 'business', allowed: 404 },
  'POST /api/v1/designations/:year/:uscc/fraud-findings': { request: (t) => post(`/api/v1/designations/${t.year}/${t.uscc}/fraud-findings`, { findings: '矩阵' }), reach: 'business', allowed: 404 },
  // A sector department without a department is refused (403) in the handler; the fixture's have one.
  // Next year: no target has an application to appeal (404), so nothing is filed.
  'POST /api/v1/applications/:year/:uscc/appeal': { request: (t) => post(`/api/v1/applications/${t.year + 1}/${t.uscc}/appeal`, { reasons: '矩阵' }), reach: 'business', allowed: 404 },
  'GET /api/v1/base-list': { request: (t) => get(`/api/v1/base-list?year=${t.year}`) },
  'GET /api/v1/applications/:year/:uscc/timeline': { request: (t) => get(`/api/v1/applications/${t.year}/${t.uscc}/timeline`), reach: 'business', allowed: (scope) => (scope === 'own' ? 200 : 404) },
};
