// The 帮扶 pages' routes and menu entries by role (the support-policy catalogue, my policies, the
// inspection plans, the banks' 授信 list), kept here so the shell gains a line or two for them.
import type { ReactElement } from 'react';
import { match } from '../router';
import type { Me } from '../session';
import { MyPolicies } from './household/MyPolicies';
import { InspectionPlanPage } from './staff/InspectionPlan';
import { InspectionPlans } from './staff/Inspections';
import { PolicyCatalogue, PolicyDetail } from './staff/Policies';
import { PolicyDraftForm } from './staff/PolicyDraftForm';
import { CreditList } from './staff/CreditList';

/** Roles of the contracts: GET /api/v1/policies and GET /api/v1/inspection-plans. */
const POLICY_READERS = ['PROVINCIAL_AMR', 'CITY_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'SECTOR_DEPARTMENT', 'DATA_SOURCE', 'AUDITOR'];
const PLAN_READERS = ['CITY_AMR', 'PROVINCIAL_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'AUDITOR'];

/** The home page of the roles whose only pages are these (departments, banks); null for the others. */
export function supportHome(me: Me): string | null {
  if (me.role === 'FINANCIAL_INSTITUTION') return '/credit';
  if (me.role === 'SECTOR_DEPARTMENT' || me.role === 'DATA_SOURCE') return '/policies';
  return null;
}

export function supportMenu(me: Me): Array<{ key: string; label: string }> {
  if (me.role === 'HOUSEHOLD') return [{ key: '/my/policies', label: '我的政策' }];
  const items: Array<{ key: string; label: string }> = [];
  if (POLICY_READERS.includes(me.role)) items.push({ key: '/policies', label: '扶持政策' });
  if (PLAN_READERS.includes(me.role)) items.push({ key: '/inspections', label: '双随机抽查' });
  // GET /api/v1/credit/households: a bank's only page. The city may read it too (at /credit), without a menu
  // entry: the staff menu is long enough already.
  if (me.role === 'FINANCIAL_INSTITUTION') items.push({ key: '/credit', label: '授信名单' });
  return items;
}

export function supportPage(path: string): ReactElement | null {
  let p: Record<string, string> | null;
  if (path === '/my/policies') return <MyPolicies />;
  if (path === '/policies') return <PolicyCatalogue />;
  if (path === '/policies/new') return <PolicyDraftForm />;
  if ((p = match('/policies/:id', path))) return <PolicyDetail key={p.id} id={p.id!} />;
  if (path === '/credit') return <CreditList />;
  if (path === '/inspections') return <InspectionPlans />;
  if ((p = match('/inspections/:id', path))) return <InspectionPlanPage key={p.id} id={p.id!} />;
  return null;
}
