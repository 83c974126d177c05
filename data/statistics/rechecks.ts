// 复核与异议: the year's recheck requests by county — decided, decided by the due date, open past it —
// and the year's public-notice objections by outcome (county of the business objected to).
import { industrySectionSql } from '../../domain/industrySections';
import { COUNTY_NAMES } from './labels';
import { numeric, rate, type StatView } from './table';

const COLUMNS = [
  { key: 'county', header: '县（市、区）', text: true, labels: COUNTY_NAMES },
  { key: 'rechecks', header: '复核申请', sum: true },
  { key: 'rechecksDecided', header: '复核已决定', sum: true },
  { key: 'rechecksOnTime', header: '复核按期决定', sum: true },
  { key: 'rechecksOverdue', header: '复核逾期未决', sum: true },
  { key: 'recheckOnTimeRate', header: '复核按期率' },
  { key: 'objections', header: '异议', sum: true },
  { key: 'objectionsPending', header: '异议待处理', sum: true },
  { key: 'objectionsNotAccepted', header: '异议不予受理', sum: true },
  { key: 'objectionsUpheld', header: '异议成立', sum: true },
  { key: 'objectionsDismissed', header: '异议不成立', sum: true },
] as const;

const SECTION = industrySectionSql('b.industry_code');

export const rechecksView: StatView = {
  key: 'rechecks',
  title: '复核与异议',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH rc AS (SELECT b.county, r.decided_at, r.due_at FROM recheck r JOIN business b ON b.uscc = r.uscc
                    WHERE r.year = $1 AND ($2::text IS NULL OR b.county = $2) AND ($3::text IS NULL OR ${SECTION} = $3)),
       ob AS (SELECT b.county, o.status FROM objection o JOIN business b ON b.uscc = o.uscc
               WHERE o.year = $1 AND ($2::text IS NULL OR b.county = $2) AND ($3::text IS NULL OR ${SECTION} = $3)),
       r AS (SELECT county, count(*) AS rechecks, count(decided_at) AS "rechecksDecided",
                    count(*) FILTER (WHERE decided_at <= due_at) AS "rechecksOnTime",
                    count(*) FILTER (WHERE decided_at IS NULL AND due_at < now()) AS "rechecksOverdue"
               FROM rc GROUP BY county),
       o AS (SELECT county, count(*) AS objections, count(*) FILTER (WHERE status = 'RECEIVED') AS "objectionsPending",
                    count(*) FILTER (WHERE status = 'NOT_ACCEPTED') AS "objectionsNotAccepted",
                    count(*) FILTER (WHERE status = 'UPHELD') AS "objectionsUpheld", count(*) FILTER (WHERE status = 'DISMISSED') AS "objectionsDismissed"
               FROM ob GROUP BY county)
       SELECT county, COALESCE(rechecks, 0) AS rechecks, COALESCE("rechecksDecided", 0) AS "rechecksDecided",
              COALESCE("rechecksOnTime", 0) AS "rechecksOnTime", COALESCE("rechecksOverdue", 0) AS "rechecksOverdue",
              ${rate('"rechecksOnTime"', '"rechecksDecided"')} AS "recheckOnTimeRate",
              COALESCE(objections, 0) AS objections, COALESCE("objectionsPending", 0) AS "objectionsPending",
              COALESCE("objectionsNotAccepted", 0) AS "objectionsNotAccepted", COALESCE("objectionsUpheld", 0) AS "objectionsUpheld",
              COALESCE("objectionsDismissed", 0) AS "objectionsDismissed"
         FROM r FULL JOIN o USING (county) ORDER BY county`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
