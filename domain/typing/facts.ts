// What the data pool knows about one business at the reference date R, each value with the
// department that supplied it and its as-of date (docs/policy.md#p-type-features). Produced by a SQL read of the pool.

export type RegistrationStatus = 'ACTIVE' | 'SUSPENDED' | 'CANCELLED' | 'REVOKED'; // 存续 / 歇业 / 注销 / 吊销

export interface Provenance {
  department: string;
  asOf: string; // YYYY-MM-DD
  /** Set when a verified recheck correction replaced the department's value. */
  correctedBy?: string;
}

export interface Sourced<T> extends Provenance {
  value: T;
}

export interface BusinessFacts {
  uscc: string;
  status: Sourced<RegistrationStatus>;
  establishedOn: Sourced<string>;
  /** The Y−1 annual report, if one was submitted on or before R. */
  annualReport: Sourced<{ submittedOn: string; revenue: number | null; employeesCount: number | null }> | null;
  tax: Sourced<{ taxPaidTotal: number | null; invoicedSales: number | null; creditRating: string | null }> | null;
  insuredEmployees: Sourced<number> | null;
  /** Active abnormal mark at R (marked_on ≤ R, not restored by R). */
  abnormalMarkedOn: Sourced<string> | null;
  /** The latest fine-or-above penalty decided by R and not credit-repaired by R. */
  latestUnrepairedPenaltyOn: Sourced<string> | null;
  seriousDishonestListedOn: Sourced<string> | null;
  courtDishonestListedOn: Sourced<string> | null;
  /** Values verified in a recheck this year; they replace the departments' values. */
  corrections: Partial<Record<CorrectableFeature, Sourced<number>>>;
}

export const CORRECTABLE_FEATURES = ['revenue', 'employees', 'tax_paid'] as const;
export type CorrectableFeature = (typeof CORRECTABLE_FEATURES)[number];
