// 数据时效: per feed and department, the latest batch that brought valid rows, the as-of date of its
// data and how many days old that is today. City-wide: the feeds are not per county or year.
import { FEEDS } from '../../domain/feeds/feedDefinitions';
import { numeric, type StatView } from './table';

const COLUMNS = [
  { key: 'feed', header: '数据源', text: true },
  { key: 'label', header: '名称', text: true },
  { key: 'department', header: '提供部门', text: true },
  { key: 'lastReceivedAt', header: '最近接收', text: true },
  { key: 'lastAsOf', header: '数据截至', text: true },
  { key: 'ageDays', header: '距今天数' },
  { key: 'batches', header: '有效批次', sum: true },
  { key: 'rowsStored', header: '入库行数', sum: true },
  { key: 'rowsRejected', header: '拒收行数', sum: true },
] as const;

export const freshnessView: StatView = {
  key: 'freshness',
  title: '数据时效',
  columns: COLUMNS,
  async run(db) {
    const { rows } = await db.query(
      `SELECT feed, department, to_char(max(received_at) FILTER (WHERE fresh) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "lastReceivedAt",
              max(as_of) FILTER (WHERE fresh)::text AS "lastAsOf", current_date - max(as_of) FILTER (WHERE fresh) AS "ageDays",
              count(*) FILTER (WHERE fresh) AS batches, sum(rows_stored) AS "rowsStored", sum(rows_rejected) AS "rowsRejected"
         FROM (SELECT *, rows_total > rows_rejected AS fresh FROM feed_batch) b GROUP BY feed, department`,
    );
    const byKey = new Map(rows.map((r) => [`${r.feed}/${r.department}`, r]));
    // Every feed a department should send is listed, including those that never came (no date: not fresh).
    const all = FEEDS.flatMap((feed) => feed.departments.map((department) => ({
      batches: 0, rowsStored: 0, rowsRejected: 0, ...byKey.get(`${feed.name}/${department}`), feed: feed.name, label: feed.label, department,
    })));
    return numeric(all, COLUMNS);
  },
};
