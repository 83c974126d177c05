// The gate (docs/policy.md#p-cat-gate): the pool and the negative list, read when the application arrives
// (on the latest published typing) and again once review opens (on the Sept 30 results). No people.
import { evaluateCriteria } from '../../domain/category/criteria';
import { evaluateGate } from '../../domain/category/gate';
import { shanghaiDate } from '../../domain/shanghaiTime';
import { acts, type ApplicationRun } from './applicationRun';

/** Whether the application passes the gate; a refusal is recorded and told to the household. */
export async function gatePasses(app: ApplicationRun): Promise<boolean> {
  const { input, view } = app;
  const { uscc, year, category, config } = input;
  const decisionDate = shanghaiDate(new Date().toISOString());
  const facts = await acts.applicationFacts({ uscc, year, referenceDate: decisionDate });
  app.establishedOn = facts.criteria.establishedOn;
  const specialGroups = input.inRelaxedGroup ? config.gate.relaxedGroups.slice(0, 1) : input.specialGroups; // the fact, not the group
  const gate = evaluateGate({ ...facts.gate, recommended: app.recommendedForCategory(), specialGroups }, decisionDate, config.gate);
  view.gate = gate;
  view.criteria = evaluateCriteria(category, { ...facts.criteria, recommendedFor: app.recommendedForCategory() ? [category] : [] }, year, decisionDate, config.criteria);
  if (gate.passed) return true;
  const reasons = gate.refusals.map((r) => `${r.code} ${r.reason}`).join('；');
  await app.setStatus('REJECTED_GATE', reasons, { gate, criteria: view.criteria });
  await app.tell('APPLICATION_REFUSED', `资格审查未通过：${reasons}`);
  return false;
}
