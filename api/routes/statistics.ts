// The monitoring statistics (docs/policy.md#p-statistics): each view one SQL statement in
// data/statistics/, answered as a table; the workbook streams every view as a sheet (exceljs's streaming
// writer); the 联系点 panel is read here and changed by the county. County staff are held to their county.
// Columns derived from tax or social-insurance values are withheld (null, "（受限）" in the workbook)
// from roles that may not see those values, even aggregated (docs/decisions.md).
import { Router, type Response } from 'express';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { addMonitoringPoint as addPoint, removeMonitoringPoint as removePoint } from '../../data/statistics/monitoringPoints';
import { monitoringPanelView, STAT_VIEWS, type Cell, type StatFilter, type StatView } from '../../data/statistics';
import { COUNTY_SCOPED } from '../../domain/roles';
import type { PrismaClient } from '../../prisma/client';
import { principalOf, reachableBusiness, requireRole, type Principal } from '../auth';
import { parsePart, parseRequest } from '../contract';
import { addMonitoringPoint, monitoringPanel, removeMonitoringPoint, statisticsQuery, statisticsView, statisticsWorkbook } from '../contracts/statistics';
import { ApiError, forbidden, notFound } from '../errors';
import { HIDDEN, redactionFor } from '../redaction';

type Query = { year: number; county?: string; industry?: string };

/** The filter a principal may use: county-scoped staff are held to their county. */
function scopedFilter(p: Principal, q: Query): StatFilter {
  if (COUNTY_SCOPED.includes(p.role) && q.county && q.county !== p.county) throw forbidden('无权访问其他县（市、区）的数据');
  return { year: q.year, county: COUNTY_SCOPED.includes(p.role) ? p.county : (q.county ?? null), industry: q.industry ?? null };
}

/** Whether tax and social-insurance derived figures are withheld from this principal (api/redaction.ts). */
const withholdsTax = (p: Principal) => redactionFor(p).hidesFeature('tax_paid');

export interface StatTable {
  view: string; title: string; year: number; county: string | null; industry: string | null;
  columns: Array<{ key: string; header: string; sum: boolean; restricted: boolean; labels?: Readonly<Record<string, string>> }>;
  rows: Array<Record<string, Cell>>; totals: Record<string, number | null>; withheld: string[]; meta?: Record<string, Cell>;
}

/** One view for one principal: the rows, restricted columns nulled when withheld, totals of the summable columns. */
export async function statTable(pool: pg.Pool, view: StatView, filter: StatFilter, withhold: boolean): Promise<StatTable> {
  const withheld = withhold ? view.columns.filter((c) => c.restricted).map((c) => c.key) : [];
  const rows = (await view.run(pool, filter)).map((r) => (withheld.length ? { ...r, ...Object.fromEntries(withheld.map((k) => [k, null])) } : r));
  const totals = Object.fromEntries(view.columns.filter((c) => c.sum).map((c) => [c.key, withheld.includes(c.key) ? null : rows.reduce((n, r) => n + (Number(r[c.key]) || 0), 0)]));
  return {
    view: view.key, title: view.title, year: filter.year, county: filter.county, industry: filter.industry,
    columns: view.columns.map((c) => ({ key: c.key, header: c.header, sum: !!c.sum, restricted: !!c.restricted, ...(c.labels ? { labels: c.labels } : {}) })),
    rows, totals, withheld, ...(view.meta ? { meta: await view.meta(pool, filter) } : {}),
  };
}

const META_HEADERS: Record<string, string> = { cityCap: '全市名额上限', capBase: '名额基数（成长型+发展型等）', rankedAt: '排名时间' };

export function statisticsRouter({ prisma, pool }: { prisma: PrismaClient; pool: pg.Pool }): Router {
  const router = Router();

  router.get(statisticsWorkbook.path, requireRole(...statisticsWorkbook.roles), async (req, res) => {
    const { query } = parseRequest(statisticsWorkbook, req);
    const p = principalOf(res);
    const filter = scopedFilter(p, query);
    // Every sheet is computed before the first byte, so a failing statement is an error response, not a torn file.
    // The views run side by side on the pool (each one statement); the sheets are written in order.
    const tables = await Promise.all([...STAT_VIEWS, monitoringPanelView].map((view) => statTable(pool, view, filter, withholdsTax(p))));
    await streamWorkbook(res, `统计监测-${filter.year}${filter.county ? `-${filter.county}` : ''}`, tables);
  });

  router.get(monitoringPanel.path, requireRole(...monitoringPanel.roles), async (req, res) => {
    const { query } = parseRequest(monitoringPanel, req);
    const p = principalOf(res);
    const filter = scopedFilter(p, query);
    const table = await statTable(pool, monitoringPanelView, filter, withholdsTax(p));
    const households = new Map<string, { uscc: string; tradeName: string | null; county: string; reason: string; status: string; years: unknown[] }>();
    for (const r of table.rows) {
      const h = households.get(r.uscc as string) ?? { uscc: r.uscc as string, tradeName: r.tradeName as string | null, county: r.county as string, reason: r.reason as string, status: r.status as string, years: [] };
      h.years.push({ year: Number(r.year), type: r.type, reportedOnTime: r.reportedOnTime === 1, revenue: r.revenue, insuredEmployees: r.insuredEmployees, taxPaid: r.taxPaid });
      households.set(h.uscc, h);
    }
    res.json({ year: filter.year, county: filter.county, withheld: table.withheld, households: [...households.values()] });
  });

  router.get(statisticsView.path, requireRole(...statisticsView.roles), async (req, res) => {
    const { params, query } = parseRequest(statisticsView, req);
    const p = principalOf(res);
    const view = STAT_VIEWS.find((v) => v.key === params.view)!;
    res.json(await statTable(pool, view, scopedFilter(p, query), withholdsTax(p)));
  });

  router.post(addMonitoringPoint.path, requireRole(...addMonitoringPoint.roles), async (req, res) => {
    const params = parsePart(addMonitoringPoint.params, req.params, 'params');
    const p = principalOf(res);
    // Reach before the body: another county's household is refused whatever was sent.
    const business = await reachableBusiness(prisma, p, params.uscc, '无权操作');
    const body = parsePart(addMonitoringPoint.body, req.body, 'body');
    const outcome = await addPoint(prisma, { id: p.id, role: p.role, requestId: res.locals.requestId as string }, { year: params.year, uscc: params.uscc, county: business.county, reason: body.reason });
    if (outcome === 'ALREADY_MONITORED') throw new ApiError(409, 'ALREADY_MONITORED', '该户已是本年度联系点监测户');
    res.status(201).json({ year: params.year, uscc: params.uscc, county: business.county, reason: body.reason });
  });

  router.post(removeMonitoringPoint.path, requireRole(...removeMonitoringPoint.roles), async (req, res) => {
    const params = parsePart(removeMonitoringPoint.params, req.params, 'params');
    const p = principalOf(res);
    await reachableBusiness(prisma, p, params.uscc, '无权操作');
    const body = parsePart(removeMonitoringPoint.body, req.body, 'body');
    const outcome = await removePoint(prisma, { id: p.id, role: p.role, requestId: res.locals.requestId as string }, { year: params.year, uscc: params.uscc, reason: body.reason });
    if (outcome === 'NOT_MONITORED') throw notFound('NOT_MONITORED', '该户不是本年度联系点监测户');
    res.json({ year: params.year, uscc: params.uscc, removed: true });
  });

  return router;
}

/**
 * One sheet per table: Chinese headers, codes shown as their labels, a 合计 row of the summable columns,
 * and the view's other figures (e.g. the city cap) below. Streamed (exceljs's writer), string and number
 * cells only, so no text runs as a formula.
 */
async function streamWorkbook(res: Response, name: string, tables: StatTable[]): Promise<void> {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="statistics.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.title);
    sheet.columns = t.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, c.header.length * 2 + 2) }));
    const shown = (c: StatTable['columns'][number], v: Cell) => (t.withheld.includes(c.key) ? HIDDEN : v !== null && c.labels ? (c.labels[String(v)] ?? v) : v);
    for (const r of t.rows) sheet.addRow(t.columns.map((c) => shown(c, r[c.key] ?? null))).commit();
    sheet.addRow(t.columns.map((c, i) => (i === 0 ? '合计' : c.sum ? (t.withheld.includes(c.key) ? HIDDEN : t.totals[c.key]!) : null))).commit();
    if (t.meta) {
      sheet.addRow([]).commit();
      for (const [k, v] of Object.entries(t.meta)) sheet.addRow([META_HEADERS[k] ?? k, v]).commit();
    }
    sheet.commit();
    if (res.writableNeedDrain) await new Promise((resolve) => res.once('drain', resolve));
  }
  await workbook.commit();
}
