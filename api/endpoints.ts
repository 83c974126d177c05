// Every endpoint contract, in the order the OpenAPI document lists them.
import * as cycles from './contracts/cycles';
import * as feeds from './contracts/feeds';
import * as system from './contracts/system';
import type { Endpoint } from './contract';

export const ENDPOINTS: Endpoint[] = [system.healthz, system.readyz, system.me, cycles.startCycle, cycles.listCycles, cycles.getCycle, ...feeds.feedUploads, feeds.feedFreshness];
