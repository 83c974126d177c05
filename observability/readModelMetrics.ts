// Gauges read from the read models when Prometheus scrapes: one grouped query each, no counters kept
// beside the data (they could drift from it).
import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger';

/** Runs named by the gauge: every unfinished run and the latest finished ones (bounded label values). */
const FINISHED_RUNS_SHOWN = 5;

export function registerReadModelMetrics(registry: Registry, pool: pg.Pool, logger: Logger): void {
  new Gauge({
    name: 'getihu_open_tasks',
    help: 'Open tasks on the task board by kind, county ("" for city-wide) and whether past their due time.',
    labelNames: ['kind', 'county', 'overdue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const { rows } = await pool.query<{ kind: string; county: string | null; overdue: boolean; n: number }>(
          `SELECT kind, county, due_at < now() AS overdue, count(*)::int AS n FROM task WHERE status = 'OPEN' GROUP BY 1, 2, 3`,
        );
        for (const r of rows) this.set({ kind: r.kind, county: r.county ?? '', overdue: String(r.overdue) }, r.n);
      } catch (error) {
        logger.warn({ err: error }, 'open-task gauge: read model unavailable');
      }
    },
  });

  new Gauge({
    name: 'getihu_typing_run_businesses',
    help: 'Businesses typed so far by a typing run (the final total once DONE), for unfinished and the latest finished runs.',
    labelNames: ['run', 'kind', 'year', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const { rows } = await pool.query<{ id: string; kind: string; year: number; status: string; total: number | null }>(
          `SELECT id, kind, year, status, total FROM typing_run WHERE status <> 'DONE'
           UNION ALL (SELECT id, kind, year, status, total FROM typing_run WHERE status = 'DONE' ORDER BY finished_at DESC LIMIT ${FINISHED_RUNS_SHOWN})`,
        );
        // A running run has no total yet: count its results so far, one plain count per run (a correlated
        // subquery forgoes PostgreSQL's parallel scan: several times slower at a million results).
        const counted = await Promise.all(
          rows.map(async (r) => r.total ?? Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM typing_result WHERE run_id = $1', [r.id])).rows[0]!.n)),
        );
        rows.forEach((r, i) => this.set({ run: r.id, kind: r.kind, year: String(r.year), status: r.status }, counted[i]!));
      } catch (error) {
        logger.warn({ err: error }, 'typing-run gauge: read model unavailable');
      }
    },
  });
}
