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

/**
 * N2 (失信被执行人) again, before the public notice and before intake (docs/policy.md#p-gate-n2): the operator
 * listed by the court since the gate removes the application, refused at the gate with the reason and
 * the moment of the re-check, and the household is told. True when the operator is not listed.
 */
export async function courtListRecheckPasses(app: ApplicationRun, moment: 'BEFORE_NOTICE' | 'BEFORE_INTAKE'): Promise<boolean> {
  const { input, view } = app;
  const decisionDate = shanghaiDate(new Date().toISOString());
  const facts = await acts.applicationFacts({ uscc: input.uscc, year: input.year, referenceDate: decisionDate });
  if (!facts.gate.operatorCourtDishonest) return true;
  const when = moment === 'BEFORE_NOTICE' ? '公示前' : '入库前';
  const refusal = { code: 'N2' as const, reason: `经营者被列为失信被执行人（${when}复核，${decisionDate}）` };
  view.gate = { passed: false, via: view.gate?.via ?? null, refusals: [refusal] };
  await app.setStatus('REJECTED_GATE', `N2 ${refusal.reason}`, { gate: view.gate, selected: false });
  await app.tell('APPLICATION_REFUSED', `${when}复核未通过：N2 ${refusal.reason}`);
  return false;
}
