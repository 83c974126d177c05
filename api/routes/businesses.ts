// A business's profile and typing explanation; the directory; its exports (CSV via COPY, JSON in pages,
// xlsx streamed row by row), each with the 名特优新 label in force (directoryColumns.ts).
import { Router, type Response } from 'express';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { directoryExportPages, directoryPage, findBusiness, latestPublishedCycle, runAndRuleset, withDirectoryCsv } from '../../data/businesses';
import { categoryLabelsOf } from '../../data/categoryLabels';
import { findCycle } from '../../data/cycles';
import { DIRECTORY_COLUMNS } from '../../data/directoryColumns';
import { findTypingResult } from '../../data/typingRuns';
import { CATEGORIES, type CategoryCode } from '../../domain/category/categories';
import { COUNTIES, COUNTY_SCOPED } from '../../domain/roles';
import { evaluateTyping } from '../../domain/typing/evaluate';
import { explainTyping } from '../../domain/typing/explain';
import { rulesetDefinitionSchema, TYPE_LABELS } from '../../domain/typing/ruleset';
import { decodeFeatures, type StoredFeatures } from '../../domain/typing/storedResult';
import type { PrismaClient } from '../../prisma/client';
import { assertCounty, principalOf, requireRole, type Principal } from '../auth';
import { parseRequest } from '../contract';
import { redactionFor } from '../redaction';
import { directoryQuery, exportDirectory, getBusiness, listDirectory } from '../contracts/businesses';
import { forbidden, notFound } from '../errors';

type DirectoryFilter = Omit<z.infer<typeof directoryQuery>, 'limit' | 'after'>;

const maskName = (name: string | null) => (name ? name[0] + '*'.repeat(Math.max(1, name.length - 1)) : null);

export function businessRouter({ prisma, pool, bulkPool = pool }: { prisma: PrismaClient; pool: pg.Pool; bulkPool?: pg.Pool }): Router {
  const router = Router();

  async function publishedRun(year: number): Promise<string> {
    const cycle = await findCycle(prisma, year);
    if (!cycle?.currentRunId) throw notFound('DIRECTORY_NOT_PUBLISHED', `${year} 年度尚未发布分型结果`);
    return cycle.currentRunId;
  }

  /** The filter a principal may use: county-scoped staff are held to their county. */
  function scopedFilter(p: Principal, filter: DirectoryFilter): DirectoryFilter {
    if (!COUNTY_SCOPED.includes(p.role)) return filter;
    if (filter.county && filter.county !== p.county) throw forbidden('无权访问其他县（市、区）的数据');
    return { ...filter, county: p.county as DirectoryFilter['county'] };
  }

  router.get(getBusiness.path, requireRole(...getBusiness.roles), async (req, res) => {
    const { params, query } = parseRequest(getBusiness, req);
    const principal = principalOf(res);
    if (principal.role === 'HOUSEHOLD' && principal.uscc !== params.uscc) throw forbidden('经营者只能查看本户信息');
    const business = await findBusiness(prisma, params.uscc);
    if (!business) throw notFound('BUSINESS_NOT_FOUND', '该个体工商户不存在');
    assertCounty(principal, business.county);
    const cycle = query.year
      ? await findCycle(prisma, query.year)
      : await latestPublishedCycle(prisma);
    let typing = null;
    const result = cycle?.currentRunId ? await findTypingResult(prisma, cycle.currentRunId, params.uscc) : null;
    if (cycle && result) {
      const { run, definition } = await runAndRuleset(prisma, result.runId);
      const features = decodeFeatures(result.features as unknown as StoredFeatures);
      const outcome = evaluateTyping(rulesetDefinitionSchema.parse(definition), features);
      typing = {
        year: cycle.year, runId: result.runId, rulesetId: run.rulesetId, type: result.type, typeLabel: TYPE_LABELS[result.type as keyof typeof TYPE_LABELS],
        reason: result.reason, explanation: explainTyping(outcome, features, { hides: redactionFor(principal).hidesFeature }),
      };
    }
    const labels = await categoryLabelsOf(prisma, params.uscc);
    res.json({
      uscc: business.uscc, tradeName: business.tradeName, operatorName: maskName(business.operatorName), county: business.county,
      countyName: COUNTIES[business.county as keyof typeof COUNTIES] ?? null, industryCode: business.industryCode,
      establishedOn: business.establishedOn.toISOString().slice(0, 10), status: business.status, typing,
      categoryLabels: labels.map((l) => ({
        year: l.year, category: l.category, categoryLabel: CATEGORIES[l.category as CategoryCode], channel: l.channel,
        designatedOn: l.designatedOn.toISOString().slice(0, 10), validUntil: l.validUntil.toISOString().slice(0, 10), status: l.status,
      })),
    });
  });

  router.get(listDirectory.path, requireRole(...listDirectory.roles), async (req, res) => {
    const { query } = parseRequest(listDirectory, req);
    const filter = scopedFilter(principalOf(res), query);
    const runId = await publishedRun(query.year);
    const rows = await directoryPage(pool, runId, filter, query.after ?? '', query.limit + 1);
    const page = rows.slice(0, query.limit);
    res.json({
      year: query.year, runId,
      items: page.map((r) => ({ uscc: r.uscc, tradeName: r.trade_name, county: r.county, industryCode: r.industry_code, type: r.type, typeLabel: TYPE_LABELS[r.type as keyof typeof TYPE_LABELS] })),
      nextAfter: rows.length > query.limit ? page.at(-1)!.uscc : null,
    });
  });

  router.get(exportDirectory.path, requireRole(...exportDirectory.roles), async (req, res) => {
    const { query } = parseRequest(exportDirectory, req);
    const filter = scopedFilter(principalOf(res), query);
    const runId = await publishedRun(query.year);
    const name = `directory-${query.year}${filter.county ? `-${filter.county}` : ''}${filter.type ? `-${filter.type}` : ''}`;
    if (query.format === 'csv') await streamCsv(res, name, query.year, runId, filter);
    else if (query.format === 'xlsx') await streamXlsx(res, name, query.year, runId, filter);
    else await streamJson(res, name, query.year, runId, filter);
  });

  /** The export's rows in uscc order, a page at a time (data/businesses.ts). */
  const exportPages = (year: number, runId: string, f: DirectoryFilter) => directoryExportPages(bulkPool, year, runId, f);

  async function streamCsv(res: Response, name: string, year: number, runId: string, f: DirectoryFilter): Promise<void> {
    await withDirectoryCsv(bulkPool, year, runId, f, async (openCsv) => {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.write('\ufeff');
      await pipeline(openCsv(), res);
    });
  }

  async function streamJson(res: Response, name: string, year: number, runId: string, f: DirectoryFilter): Promise<void> {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.json"`);
    res.write('[');
    let first = true;
    for await (const rows of exportPages(year, runId, f)) {
      for (const r of rows) {
        const item = {
          uscc: r.uscc, tradeName: r.tradeName, county: r.county, industryCode: r.industryCode, type: r.typeCode, typeLabel: TYPE_LABELS[r.typeCode as keyof typeof TYPE_LABELS],
          categoryLabel: r.categoryCode === null ? null : {
            category: r.categoryCode, categoryLabel: r.category, channel: r.channelCode, recommenderDept: r.recommenderDept, designatedOn: r.designatedOn,
            validUntil: r.validUntil, designationBatch: r.designationBatch, status: r.labelStatusCode,
          },
        };
        if (!res.write(`${first ? '' : ','}\n${JSON.stringify(item)}`)) await new Promise((resolve) => res.once('drain', resolve));
        first = false;
      }
    }
    res.end('\n]\n');
  }

  /**
   * The same rows as the CSV in an xlsx workbook, written as they come (exceljs's streaming writer: no
   * workbook in memory). Every cell is a string cell, so a value that looks like a number or a formula
   * stays the text it is.
   */
  async function streamXlsx(res: Response, name: string, year: number, runId: string, f: DirectoryFilter): Promise<void> {
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet(`${year}年度名录`);
    sheet.columns = DIRECTORY_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    for await (const rows of exportPages(year, runId, f)) {
      for (const r of rows) sheet.addRow(DIRECTORY_COLUMNS.map((c) => r[c.key] ?? null)).commit();
      if (res.writableNeedDrain) await new Promise((resolve) => res.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  }

  return router;
}
