// 名特优新 applications through the API, one router per audience (api/routes/applications/): the household
// (form, declaration, progress, withdrawal: household.ts), staff (list and summary: staff.ts), departments
// (recommendations: departments.ts) and the public (notice list and real-name objections, no token:
// public.ts). Applications are workflows `application-{year}-{uscc}`; the `application` table is their read model.
import { Router } from 'express';
import { departmentApplicationRouter } from './applications/departments';
import { householdApplicationRouter } from './applications/household';
import { publicApplicationRouter } from './applications/public';
import { applicationSteps, type ApplicationRouterDeps } from './applications/shared';
import { staffApplicationRouter } from './applications/staff';

/** The public router is mounted before authentication, the other after it (api/app.ts). */
export function applicationRouter(deps: ApplicationRouterDeps): { publicRouter: Router; router: Router } {
  const steps = applicationSteps(deps);
  const router = Router();
  router.use(householdApplicationRouter(deps, steps), staffApplicationRouter(deps), departmentApplicationRouter(deps, steps));
  return { publicRouter: publicApplicationRouter(deps), router };
}
