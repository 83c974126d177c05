// The monitoring statistics in the order of the 决策参考 workbook (docs/policy.md#p-statistics).
import { activityView } from './activity';
import { categoriesView } from './categories';
import { employmentView } from './employment';
import { freshnessView } from './freshness';
import { monitoringPanelView } from './monitoringPanel';
import { policyUptakeView } from './policyUptake';
import { rechecksView } from './rechecks';
import { slaView } from './sla';
import { survivalView } from './survival';
import type { StatView } from './table';
import { transitionsView } from './transitions';
import { typeMixView } from './typeMix';

export const STAT_VIEWS: readonly StatView[] = [
  typeMixView, transitionsView, activityView, survivalView, employmentView, categoriesView, policyUptakeView, rechecksView, slaView, freshnessView,
];
/** The views with a GET /api/v1/statistics/{view} of their own (the panel has its own endpoint). */
export const STAT_VIEW_KEYS = ['type-mix', 'transitions', 'activity', 'survival', 'employment', 'categories', 'policy-uptake', 'rechecks', 'sla', 'freshness'] as const;
export type StatViewKey = (typeof STAT_VIEW_KEYS)[number];
export { monitoringPanelView };
export type { StatFilter, StatView, StatColumn, Cell } from './table';
