// The shape every monitoring statistic has (docs/policy.md#p-statistics): a table with Chinese headers,
// so the API, the console and the xlsx workbook show the same rows. Each view is one SQL statement.
import type pg from 'pg';

/** The filters every view takes; `industry` is a GB/T 4754 section letter. */
export interface StatFilter {
  year: number;
  county: string | null;
  industry: string | null;
}

export type Cell = string | number | null;

export interface StatColumn {
  key: string;
  header: string;
  /** Added up in the totals row (counts; never rates). */
  sum?: boolean;
  /** Derived from tax or social-insurance values: withheld from roles that may not see them (api/redaction.ts). */
  restricted?: boolean;
  /** A text column (a code, a date): not made a number. */
  text?: boolean;
  /** Code → Chinese label, for the workbook (the API keeps the code). */
  labels?: Readonly<Record<string, string>>;
}

export interface StatView {
  key: string;
  /** The sheet name (≤ 31 characters, no []:*?/\). */
  title: string;
  columns: readonly StatColumn[];
  run(db: pg.Pool, filter: StatFilter): Promise<Array<Record<string, Cell>>>;
  /** Figures of the view that are not rows (e.g. the cap), read beside the rows. */
  meta?(db: pg.Pool, filter: StatFilter): Promise<Record<string, Cell>>;
}

/** Numbers come back from pg as strings (bigint, numeric): every column not marked `text` is made a number. */
export function numeric(rows: Array<Record<string, unknown>>, columns: readonly StatColumn[]): Array<Record<string, Cell>> {
  return rows.map((row) => Object.fromEntries(columns.map((c) => {
    const v = row[c.key];
    if (v === null || v === undefined) return [c.key, null];
    if (c.text) return [c.key, String(v)];
    return [c.key, Number(v)];
  })));
}

/** A ratio rounded to 4 places in SQL: `rate(a, b)` is a / b, null when b is 0. */
export const rate = (num: string, den: string) => `round(${num}::numeric / NULLIF(${den}, 0), 4)`;

/** The published typing of a year ($1, or the given expression), restricted by county ($2) and section ($3). */
export function publishedTyping(section: (column: string) => string, yearExpr = '$1'): string {
  return `SELECT c.year, r.uscc, r.type, b.county, b.industry_code, b.status, b.established_on, t.reference_date
    FROM cycle c JOIN typing_result r ON r.run_id = c.current_run_id JOIN typing_run t ON t.id = c.current_run_id
    JOIN business b ON b.uscc = r.uscc
    WHERE c.year = ${yearExpr} AND ($2::text IS NULL OR b.county = $2) AND ($3::text IS NULL OR ${section('b.industry_code')} = $3)`;
}

export const filterParams = (f: StatFilter) => [f.year, f.county, f.industry];
