// The household's application (and the case as its county's staff read it): the prefilled form, the
// declaration, the application's progress, and withdrawal (an Update).
import { Router } from 'express';
import { readApplicationFacts } from '../../../data/applicationFacts';
import { DECLARABLE_FIELDS, declaredFieldsSchema, refusedFields, SHARED_FIELDS, type SharedField } from '../../../domain/category/applicationForm';
import { evaluateCriteria } from '../../../domain/category/criteria';
import { evaluateGate } from '../../../domain/category/gate';
import { shanghaiDate } from '../../../domain/shanghaiTime';
import { applicationViewQuery, receivedView, withdrawUpdate } from '../../../messages/applicationMessages';
import { applicationWorkflowId } from '../../../messages/ids';
import { principalOf, requireRole } from '../../auth';
import { parseRequest } from '../../contract';
import { declare, getApplication, getApplicationForm, withdraw } from '../../contracts/applications';
import { ApiError, forbidden, notFound } from '../../errors';
import { redactionFor } from '../../redaction';
import { actorOf } from '../taskActions';
import { configOf, withLabel, type ApplicationRouterDeps, type ApplicationSteps } from './shared';
import { citedEvidence, findApplication } from '../../../data/applications';
import { findCycle } from '../../../data/cycles';
import { householdEvidenceFiles } from '../../../data/evidence';

export function householdApplicationRouter({ prisma, pool }: ApplicationRouterDeps, { workflows, reachable, startApplication }: ApplicationSteps): Router {
  const router = Router();

  /** The evidence files the application cites (from its read model), for the case view's previews. */
  async function evidenceOf(year: number, uscc: string) {
    const cited = await citedEvidence(prisma, year, uscc);
    return cited.map((e) => ({ evidenceId: e.evidenceId, field: e.field, title: e.title, fileName: e.fileName ?? e.title, sizeBytes: e.sizeBytes ?? null }));
  }

  router.get(getApplicationForm.path, requireRole(...getApplicationForm.roles), async (req, res) => {
    const { params, query } = parseRequest(getApplicationForm, req);
    const business = await reachable(principalOf(res), params.uscc);
    const referenceDate = shanghaiDate(new Date().toISOString());
    const facts = (await readApplicationFacts(pool, { uscc: params.uscc, year: params.year, referenceDate }))!;
    const config = configOf(await findCycle(prisma, params.year));
    const redaction = redactionFor(principalOf(res));
    res.json({
      year: params.year, uscc: params.uscc, category: query.category,
      shared: (Object.keys(SHARED_FIELDS) as SharedField[]).map((field) => redaction.formField({
        field, label: SHARED_FIELDS[field].label, ...(facts.shared[field] ?? { value: null, department: SHARED_FIELDS[field].department, asOf: null }),
        // The ID-level personal datum is masked; the household sees its own name in full.
        ...(field === 'operatorName' && principalOf(res).role !== 'HOUSEHOLD' && business.operatorName ? { value: `${business.operatorName.slice(0, 1)}*` } : {}),
        locked: true as const,
      })),
      declarable: DECLARABLE_FIELDS.map((field) => ({ field, label: declaredFieldsSchema.shape[field].description ?? field })),
      criteria: redaction.criteria(evaluateCriteria(query.category, { ...facts.criteria, recommendedFor: [] }, params.year, referenceDate, config.criteria)),
      gate: redaction.gate(evaluateGate({ ...facts.gate, recommended: false, specialGroups: facts.specialGroups }, referenceDate, config.gate)),
    });
  });

  router.post(declare.path, requireRole(...declare.roles), async (req, res) => {
    const principal = principalOf(res);
    // Department-supplied values are refused by name before the form's own schema (which only knows declarable fields).
    const raw = (req.body ?? {}) as { fields?: unknown; evidence?: unknown };
    const refusals = refusedFields(
      raw.fields && typeof raw.fields === 'object' ? (raw.fields as Record<string, unknown>) : {},
      Array.isArray(raw.evidence) ? (raw.evidence as Array<{ field?: unknown }>) : [],
    );
    if (refusals.length) {
      const supplied = refusals.filter((r) => r.code === 'DEPARTMENT_SUPPLIED_FIELD');
      throw new ApiError(supplied.length ? 422 : 400, supplied.length ? 'DEPARTMENT_SUPPLIED_FIELD' : 'UNKNOWN_FIELD', refusals.map((r) => r.message).join('；'), refusals);
    }
    const { body } = parseRequest(declare, req);
    if (!principal.uscc) throw forbidden('该经营者账号未关联个体工商户');
    await reachable(principal, principal.uscc);
    // Evidence cites files this household uploaded for the same field.
    const files = await householdEvidenceFiles(prisma, principal.uscc, body.evidence.map((e) => e.evidenceId));
    const evidence = body.evidence.map((e, i) => {
      const file = files.find((f) => f.id === e.evidenceId && f.field === e.field);
      if (!file) throw new ApiError(422, 'EVIDENCE_NOT_FOUND', `第 ${i + 1} 项佐证材料不存在，或不是本户为「${e.field}」上传的材料`, [{ field: `body.evidence[${i}].evidenceId` }]);
      return { ...e, fileName: file.fileName, sha256: file.sha256, sizeBytes: file.sizeBytes };
    });
    const { input, started } = await startApplication({ year: body.year, uscc: principal.uscc, category: body.category, channel: 'SELF', principal, declared: { fields: body.fields, evidence } });
    if (!started) throw new ApiError(409, 'APPLICATION_EXISTS', '本年度已有进行中的申请，请查询进度');
    res.status(201).json(withLabel(receivedView(input)));
  });

  router.get(getApplication.path, requireRole(...getApplication.roles), async (req, res) => {
    const { params } = parseRequest(getApplication, req);
    await reachable(principalOf(res), params.uscc);
    const view = await workflows.query(applicationWorkflowId(params.year, params.uscc), applicationViewQuery, [], notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请'));
    res.json({ ...withLabel(redactionFor(principalOf(res)).application(view)), evidence: await evidenceOf(params.year, params.uscc) });
  });

  router.post(withdraw.path, requireRole(...withdraw.roles), async (req, res) => {
    const { params, body } = parseRequest(withdraw, req);
    const p = principalOf(res);
    await reachable(p, params.uscc);
    const closed = async () =>
      (await findApplication(prisma, params.year, params.uscc))
        ? new ApiError(409, 'CANNOT_WITHDRAW', '该申请已办结，不能撤回')
        : notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请');
    res.json(withLabel(await workflows.update(applicationWorkflowId(params.year, params.uscc), withdrawUpdate, [actorOf(p), body.reason], closed)));
  });

  return router;
}
