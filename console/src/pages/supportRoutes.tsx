// The 帮扶 pages' routes and menu entries by role (the support-policy catalogue, my policies, the
// inspection plans), kept here so the shell gains a line or two for them.
import type { ReactElement } from 'react';
import { match } from '../router';
import type { Me } from '../session';
import { MyPolicies } from './household/MyPolicies';
import { InspectionPlanPage } from './staff/InspectionPlan';
import { InspectionPlans } from './staff/Inspections';
import { PolicyCatalogue, PolicyDetail } from './staff/Policies';
import { PolicyDraftForm } from './staff/PolicyDraftForm';

/** Roles of the contracts: GET /api/v1/policies and GET /api/v1/inspection-plans. */
const POLICY_READERS = ['PROVINCIAL_AMR', 'CITY_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'SECTOR_DEPARTMENT', 'DATA_SOURCE', 'AUDITOR'];
const PLAN_READERS = ['CITY_AMR', 'PROVINCIAL_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'AUDITOR'];

export function supportMenu(me: Me): Array<{ key: string; label: string }> {
  if (me.role === 'HOUSEHOLD') return [{ key: '/my/policies', label: '我的政策' }];
  const items: Array<{ key: string; label: string }> = [];
  if (POLICY_READERS.includes(me.role)) items.push({ key: '/policies', label: '扶持政策' });
  if (PLAN_READERS.includes(me.role)) items.push({ key: '/inspections', label: '双随机抽查' });
  return items;
}

export function supportPage(path: string): ReactElement | null {
  let p: Record<string, string> | null;
  if (path === '/my/policies') return <MyPolicies />;
  if (path === '/policies') return <PolicyCatalogue />;
  if (path === '/policies/new') return <PolicyDraftForm />;
  if ((p = match('/policies/:id', path))) return <PolicyDetail key={p.id} id={p.id!} />;
  if (path === '/inspections') return <InspectionPlans />;
  if ((p = match('/inspections/:id', path))) return <InspectionPlanPage key={p.id} id={p.id!} />;
  return null;
}
