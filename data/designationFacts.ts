// What the data pool says about a designated household during its validity (docs/policy.md#p-designation-revocation):
// the negative-list facts (read as an application's gate reads them) and the register's status, with
// the date the register last changed (the suspension's start when the status is 歇业).
import type pg from 'pg';
import { readApplicationFacts } from '../data/applicationFacts';
import { DEFAULT_GATE_CONFIG, type GateConfig, type GateFacts } from '../domain/category/gate';

export interface DesignationFacts {
  gate: GateFacts;
  gateConfig: GateConfig;
  registrationStatus: string;
  /** The as-of date of the register row's last change (for 歇业: when the suspension was reported). */
  registrationAsOf: string | null;
}

export async function readDesignationFacts(pool: pg.Pool, args: { uscc: string; year: number; today: string }): Promise<DesignationFacts | null> {
  const facts = await readApplicationFacts(pool, { uscc: args.uscc, year: args.year, referenceDate: args.today });
  if (!facts) return null;
  // The windows of the cycle that designated the household (its settings), else the defaults.
  const { rows } = await pool.query<{ gate: GateConfig | null }>(`SELECT category_config -> 'gate' AS gate FROM cycle WHERE year = $1`, [args.year]);
  const reg = facts.shared.registrationStatus;
  return {
    gate: { ...facts.gate, recommended: true, specialGroups: facts.specialGroups },
    gateConfig: rows[0]?.gate ?? DEFAULT_GATE_CONFIG,
    registrationStatus: String(reg?.value ?? 'ACTIVE'),
    registrationAsOf: reg?.asOf ?? null,
  };
}
