// 名特优新与上限: the year's 名特优新 labels (category_label.year) by county and category, against the
// cap the cycle ranked with (cycle.selection: the city cap, and per county when the cap unit is the county).
import { industrySectionSql } from '../../domain/industrySections';
import { COUNTY_NAMES } from './labels';
import { numeric, rate, type StatView } from './table';

const COLUMNS = [
  { key: 'county', header: '县（市、区）', text: true, labels: COUNTY_NAMES },
  { key: 'MING', header: '知名', sum: true },
  { key: 'TE', header: '特色', sum: true },
  { key: 'YOU', header: '优质', sum: true },
  { key: 'XIN', header: '新兴', sum: true },
  { key: 'total', header: '合计', sum: true },
  { key: 'cap', header: '名额上限（县）', sum: true },
  { key: 'capUse', header: '名额使用率' },
] as const;

const SECTION = industrySectionSql('b.industry_code');

export const categoriesView: StatView = {
  key: 'categories',
  title: '名特优新与名额上限',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH caps AS (SELECT key AS county, value::int AS cap FROM cycle, jsonb_each_text(COALESCE(selection->'capsByCounty', '{}'::jsonb)) WHERE year = $1),
       labelled AS (SELECT b.county, l.category FROM category_label l JOIN business b ON b.uscc = l.uscc
                     WHERE l.year = $1 AND ($3::text IS NULL OR ${SECTION} = $3)),
       counties AS (SELECT county FROM labelled UNION SELECT county FROM caps)
       SELECT k.county,
              count(l.category) FILTER (WHERE l.category = 'MING') AS "MING", count(l.category) FILTER (WHERE l.category = 'TE') AS "TE",
              count(l.category) FILTER (WHERE l.category = 'YOU') AS "YOU", count(l.category) FILTER (WHERE l.category = 'XIN') AS "XIN",
              count(l.category) AS total, max(c.cap) AS cap, ${rate('count(l.category)', 'max(c.cap)')} AS "capUse"
         FROM counties k LEFT JOIN labelled l ON l.county = k.county LEFT JOIN caps c ON c.county = k.county
        WHERE $2::text IS NULL OR k.county = $2
        GROUP BY k.county ORDER BY k.county`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
  async meta(db, f) {
    const { rows } = await db.query<{ base: string | null; cap: string | null; ranked_at: string | null }>(
      `SELECT selection->>'base' AS base, selection->>'cap' AS cap, selection->>'rankedAt' AS ranked_at FROM cycle WHERE year = $1`, [f.year],
    );
    const r = rows[0];
    return { cityCap: r?.cap == null ? null : Number(r.cap), capBase: r?.base == null ? null : Number(r.base), rankedAt: r?.ranked_at ?? null };
  },
};
