// 政策享受: policy matches by segment and measure area — the segment is 名特优新 for a household holding
// a label in force (ACTIVE, EXTENDED, UNDER_EVALUATION, designated in or before the year), otherwise its
// type in the year's published typing (NONE when it has none). Matches are the current register: in
// force or ended, with the uptake recorded (granted / applied / used).
import { industrySectionSql } from '../../domain/industrySections';
import { TYPE_NAMES } from './labels';
import { numeric, rate, type StatView } from './table';

const COLUMNS = [
  { key: 'segment', header: '群体', text: true, labels: TYPE_NAMES },
  { key: 'area', header: '政策领域', text: true },
  { key: 'matched', header: '匹配户次（有效）', sum: true },
  { key: 'ended', header: '已终止匹配', sum: true },
  { key: 'granted', header: '已兑现', sum: true },
  { key: 'applied', header: '已申请', sum: true },
  { key: 'used', header: '已使用', sum: true },
  { key: 'uptakeRate', header: '享受率（兑现+申请+使用/有效匹配）' },
] as const;

const SECTION = industrySectionSql('b.industry_code');

export const policyUptakeView: StatView = {
  key: 'policy-uptake',
  title: '政策享受（按群体）',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH typed AS (SELECT r.uscc, r.type FROM cycle c JOIN typing_result r ON r.run_id = c.current_run_id WHERE c.year = $1),
       labelled AS (SELECT DISTINCT uscc FROM category_label WHERE year <= $1 AND status IN ('ACTIVE', 'EXTENDED', 'UNDER_EVALUATION')),
       seg AS (SELECT m.*, p.area, CASE WHEN l.uscc IS NOT NULL THEN 'CATEGORY' ELSE COALESCE(t.type, 'NONE') END AS segment
                 FROM policy_match m JOIN policy p ON p.id = m.policy_id JOIN business b ON b.uscc = m.uscc
                 LEFT JOIN typed t ON t.uscc = m.uscc LEFT JOIN labelled l ON l.uscc = m.uscc
                WHERE ($2::text IS NULL OR b.county = $2) AND ($3::text IS NULL OR ${SECTION} = $3))
       SELECT segment, area, count(*) FILTER (WHERE ended_at IS NULL) AS matched, count(*) FILTER (WHERE ended_at IS NOT NULL) AS ended,
              count(*) FILTER (WHERE uptake = 'GRANTED') AS granted, count(*) FILTER (WHERE uptake = 'APPLIED') AS applied,
              count(*) FILTER (WHERE uptake = 'USED') AS used,
              ${rate('count(*) FILTER (WHERE uptake IS NOT NULL AND ended_at IS NULL)', 'count(*) FILTER (WHERE ended_at IS NULL)')} AS "uptakeRate"
         FROM seg GROUP BY 1, 2 ORDER BY 1, 2`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
