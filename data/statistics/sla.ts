// 办理时限: the year's staff tasks (task.year) by kind — completed, completed by the due date, open past
// it — the SLA compliance of the programme's human steps. County: the task's county.
import { numeric, rate, type StatView } from './table';

const COLUMNS = [
  { key: 'kind', header: '任务类型', text: true },
  { key: 'tasks', header: '任务数', sum: true },
  { key: 'completed', header: '已完成', sum: true },
  { key: 'completedOnTime', header: '按期完成', sum: true },
  { key: 'completedLate', header: '逾期完成', sum: true },
  { key: 'openOverdue', header: '逾期未办', sum: true },
  { key: 'onTimeRate', header: '按期率（按期完成/已完成）' },
] as const;

export const slaView: StatView = {
  key: 'sla',
  title: '办理时限',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `SELECT kind, count(*) AS tasks, count(completed_at) AS completed,
              count(*) FILTER (WHERE completed_at <= due_at) AS "completedOnTime", count(*) FILTER (WHERE completed_at > due_at) AS "completedLate",
              count(*) FILTER (WHERE completed_at IS NULL AND due_at < now()) AS "openOverdue",
              ${rate('count(*) FILTER (WHERE completed_at <= due_at)', 'count(completed_at)')} AS "onTimeRate"
         FROM task WHERE year = $1 AND ($2::text IS NULL OR county = $2) GROUP BY kind ORDER BY kind`,
      [f.year, f.county],
    );
    return numeric(rows, COLUMNS);
  },
};
