// Features (docs/policy.md#p-type-features) from a business's facts at the reference date R. A missing value is
// null with no source: no comparison on it can hold, so missing data never promotes.
import type { BusinessFacts, Provenance } from './facts';

export interface Feature<T> {
  value: T | null;
  /** Which field of which department, e.g. TAX.invoiced_or_declared_sales; null when missing. */
  field: string | null;
  provenance: Provenance | null;
}

export interface Features {
  status: Feature<string>;
  annual_report_on_time: Feature<boolean>;
  age_months: Feature<number>;
  revenue: Feature<number>;
  employees: Feature<number>;
  tax_paid: Feature<number>;
  abnormal_marked_now: Feature<boolean>;
  /** Whole months from the latest unrepaired fine-or-above penalty to R (null: none). */
  unrepaired_penalty_months_ago: Feature<number>;
  on_serious_dishonest_list: Feature<boolean>;
  operator_court_dishonest: Feature<boolean>;
  tax_credit_rating: Feature<string>;
}

export type FeatureName = keyof Features;

const missing = <T>(): Feature<T> => ({ value: null, field: null, provenance: null });
const from = <T>(value: T, field: string, provenance: Provenance): Feature<T> => ({
  value,
  field,
  provenance: { department: provenance.department, asOf: provenance.asOf, ...(provenance.correctedBy ? { correctedBy: provenance.correctedBy } : {}) },
});
/** A flag that is false because no source lists the business: it cites no department. */
const absent = (): Feature<boolean> => ({ value: false, field: null, provenance: null });

/** Whole calendar months from `from` to `to` (YYYY-MM-DD), minus one if `to`'s day is before `from`'s. */
export function wholeMonthsBetween(fromDate: string, toDate: string): number {
  const [fy, fm, fd] = fromDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toDate.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

export function computeFeatures(facts: BusinessFacts, referenceDate: string): Features {
  const { annualReport, tax, corrections } = facts;
  const corrected = (name: keyof BusinessFacts['corrections']) => from(corrections[name]!.value, `CORRECTION.${name}`, corrections[name]!);
  const revenue = corrections.revenue
    ? corrected('revenue')
    : tax && tax.value.invoicedSales !== null
      ? from(tax.value.invoicedSales, 'TAX.invoiced_or_declared_sales', tax)
      : annualReport && annualReport.value.revenue !== null
        ? from(annualReport.value.revenue, 'AMR.annual_report.revenue', annualReport)
        : missing<number>();
  const employees = corrections.employees
    ? corrected('employees')
    : facts.insuredEmployees
    ? from(facts.insuredEmployees.value, 'HRSS.insured_employees_count', facts.insuredEmployees)
    : annualReport && annualReport.value.employeesCount !== null
      ? from(Math.max(0, annualReport.value.employeesCount - 1), 'AMR.annual_report.employees_count−1', annualReport)
      : missing<number>();
  return {
    status: from(facts.status.value, 'AMR.registration_status', facts.status),
    annual_report_on_time: annualReport ? from(true, 'AMR.annual_report', annualReport) : absent(),
    age_months: from(wholeMonthsBetween(facts.establishedOn.value, referenceDate), 'AMR.established_on', facts.establishedOn),
    revenue,
    employees,
    tax_paid: corrections.tax_paid
      ? corrected('tax_paid')
      : tax && tax.value.taxPaidTotal !== null
        ? from(tax.value.taxPaidTotal, 'TAX.tax_paid_total', tax)
        : missing<number>(),
    abnormal_marked_now: facts.abnormalMarkedOn ? from(true, 'AMR.abnormal_mark', facts.abnormalMarkedOn) : absent(),
    unrepaired_penalty_months_ago: facts.latestUnrepairedPenaltyOn
      ? from(wholeMonthsBetween(facts.latestUnrepairedPenaltyOn.value, referenceDate), 'AMR.administrative_penalty', facts.latestUnrepairedPenaltyOn)
      : missing<number>(),
    on_serious_dishonest_list: facts.seriousDishonestListedOn ? from(true, 'AMR.serious_dishonest_list', facts.seriousDishonestListedOn) : absent(),
    operator_court_dishonest: facts.courtDishonestListedOn ? from(true, 'COURT.dishonest_judgment_debtor', facts.courtDishonestListedOn) : absent(),
    tax_credit_rating: tax && tax.value.creditRating ? from(tax.value.creditRating, 'TAX.credit_rating', tax) : missing<string>(),
  };
}
