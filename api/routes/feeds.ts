// Department feeds: streamed uploads into the data pool, and the freshness view.
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { deliverBatchDesignationSignals } from '../designationSignalDelivery';
import { feedByName, FEEDS } from '../../domain/feeds/feedDefinitions';
import { feedFreshnessRows, IdempotencyKeyReusedError, ingestFeed, TooManyRowsError } from '../../data/feedIngestion';
import { principalOf, requireRole } from '../auth';
import { parsePart } from '../contract';
import { FEED_UPLOAD_ROLES, feedFreshness, feedUploadQuery } from '../contracts/feeds';
import { ApiError, forbidden, notFound } from '../errors';
import { FEED_MAX_BYTES, rowsFromRequest } from '../feedRows';

export interface FeedRouterDeps {
  pool: pg.Pool;
  temporal: Client;
  operatorIdKey: string;
  maxRows?: number;
  maxBytes?: number;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{1,128}$/;

export function feedRouter({ pool, temporal, operatorIdKey, maxRows = 100_000, maxBytes = FEED_MAX_BYTES }: FeedRouterDeps): Router {
  const router = Router();

  router.get(feedFreshness.path, requireRole(...feedFreshness.roles), async (_req, res) => {
    const principal = principalOf(res);
    const own = principal.role === 'DATA_SOURCE' ? principal.department : null;
    const rows = await feedFreshnessRows(pool, own);
    const byKey = new Map(rows.map((r) => [`${r.feed}/${r.department}`, r]));
    const items = FEEDS.flatMap((f) => f.departments.map((department) => ({ f, department })))
      .filter(({ department }) => !own || department === own)
      .map(({ f, department }) => {
        const r = byKey.get(`${f.name}/${department}`);
        return {
          feed: f.name, label: f.label, department, lastReceivedAt: r?.last_received_at ? r.last_received_at.toISOString() : null, lastAsOf: r?.last_as_of ?? null,
          batches: r?.batches ?? 0, rowsTotal: r?.rows_total ?? 0, rowsStored: r?.rows_stored ?? 0, rowsRejected: r?.rows_rejected ?? 0,
        };
      });
    res.json({ items });
  });

  router.post('/api/v1/feeds/:feed', requireRole(...FEED_UPLOAD_ROLES), async (req, res) => {
    const feed = feedByName(String(req.params.feed));
    if (!feed) throw notFound('FEED_NOT_FOUND', `数据源「${String(req.params.feed)}」不存在`);
    const query = parsePart(feedUploadQuery, req.query, 'query');
    const principal = principalOf(res);
    if (!principal.department || !feed.departments.includes(principal.department)) {
      throw forbidden(`只能上传本部门的数据：「${feed.label}」由${feed.departments.join('、')}部门提供`);
    }
    const idempotencyKey = req.header('idempotency-key') ?? null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'Idempotency-Key 应为 1–128 位字母、数字或 ._:-', [{ field: 'header.Idempotency-Key', code: 'invalid_format', message: '格式不正确' }]);
    }
    const body = rowsFromRequest(req, maxBytes, query.asOf);
    try {
      const result = await ingestFeed(
        pool,
        { feed, department: principal.department, principalId: principal.id, principalRole: principal.role, asOf: query.asOf, idempotencyKey, digest: body.digest, maxRows, operatorIdKey },
        body.rows,
      );
      // Designations whose facts the batch touched hear of it now (pending ones again from the reconciler).
      // The batch is committed whatever happens here: a failure leaves the Signals pending for the reconciler.
      if (!result.replayed) await deliverBatchDesignationSignals({ pool, temporal }, result.batchId).catch(() => undefined);
      res.json(result);
    } catch (error) {
      if (error instanceof TooManyRowsError) throw new ApiError(413, 'TOO_MANY_ROWS', `单次上传最多 ${maxRows.toLocaleString('en')} 行，未保存任何数据`);
      if (error instanceof IdempotencyKeyReusedError) {
        throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一份数据（内容或截止日期不同），本次未处理；新数据请使用新的键');
      }
      throw error;
    }
  });

  return router;
}
