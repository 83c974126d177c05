// Every endpoint contract, in the order the OpenAPI document lists them.
import * as businesses from './contracts/businesses';
import * as cycles from './contracts/cycles';
import * as feeds from './contracts/feeds';
import * as rechecks from './contracts/rechecks';
import * as rulesets from './contracts/rulesets';
import * as system from './contracts/system';
import type { Endpoint } from './contract';

export const ENDPOINTS: Endpoint[] = [system.healthz, system.readyz, system.me, cycles.startCycle, cycles.listCycles, cycles.getCycle, ...feeds.feedUploads, feeds.feedFreshness,
  businesses.getBusiness, businesses.listDirectory, businesses.exportDirectory,
  rechecks.submitRecheck, rechecks.getRecheck, rechecks.verifyRecheck, rechecks.listTasks, rechecks.claimTask, rechecks.unclaimTask,
  rulesets.listRulesets, rulesets.createRuleset, rulesets.approveRuleset, rulesets.activateRuleset, rulesets.whatIfRuleset,
];
