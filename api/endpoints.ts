// Every endpoint contract, in the order the OpenAPI document lists them.
import * as applications from './contracts/applications';
import * as appeals from './contracts/appeals';
import * as audit from './contracts/audit';
import * as baseList from './contracts/baseList';
import * as businesses from './contracts/businesses';
import * as categoryRules from './contracts/categoryRules';
import * as evidence from './contracts/evidence';
import * as cycles from './contracts/cycles';
import * as designations from './contracts/designations';
import * as feeds from './contracts/feeds';
import * as inspections from './contracts/inspections';
import * as policies from './contracts/policies';
import * as rechecks from './contracts/rechecks';
import * as rulesets from './contracts/rulesets';
import * as tasks from './contracts/tasks';
import * as timeline from './contracts/timeline';
import * as typeMix from './contracts/typeMix';
import * as statistics from './contracts/statistics';
import * as system from './contracts/system';
import type { Endpoint } from './contract';

export const ENDPOINTS: Endpoint[] = [system.healthz, system.readyz, system.me, cycles.startCycle, cycles.listCycles, cycles.getCycle, ...feeds.feedUploads, feeds.feedFreshness,
  businesses.getBusiness, businesses.listDirectory, businesses.exportDirectory,
  rechecks.submitRecheck, rechecks.getRecheck, rechecks.verifyRecheck,
  tasks.listTasks, tasks.getTask, tasks.claimTask, tasks.unclaimTask, tasks.completeTask, tasks.assignTask, tasks.sendBackTask, tasks.commentTask, tasks.batchTasks,
  applications.getApplicationForm, applications.declare, applications.getApplication, applications.listApplications, applications.withdraw,
  applications.recommend, applications.publicNotice, applications.fileObjection, applications.objectionStatus, applications.categorySummary,
  evidence.uploadEvidence, evidence.downloadEvidence,
  rulesets.listRulesets, rulesets.createRuleset, rulesets.approveRuleset, rulesets.activateRuleset, rulesets.whatIfRuleset,
  categoryRules.listCategoryRules, categoryRules.getCategoryRules, categoryRules.diffCategoryRules, categoryRules.createCategoryRules,
  categoryRules.approveCategoryRules, categoryRules.activateCategoryRules,
  audit.listAudit, timeline.applicationTimeline, typeMix.typeMix,
  policies.listPolicies, policies.createPolicy, policies.publishPolicy, policies.withdrawPolicy, policies.businessPolicies, policies.recordUptake,
  policies.creditConsent, policies.getCreditConsent, policies.policyReach, policies.creditHouseholds,
  inspections.createPlan, inspections.freezePlan, inspections.drawPlan, inspections.getPlan, inspections.recordOutcome, inspections.publicPlan, inspections.publicPopulation,
  inspections.listPlans, inspections.publicPlans,
  designations.getDesignation, designations.submitDefence, designations.reportFraud,
  baseList.listBaseList, appeals.fileAppeal,
  statistics.statisticsWorkbook, statistics.monitoringPanel, statistics.statisticsView, statistics.addMonitoringPoint, statistics.removeMonitoringPoint,
];
