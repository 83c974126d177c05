// The ACTIVE 名特优新 rules version for a cycle the annual Schedule starts: read in a (local) activity, so
// the kickoff workflow records the rules in its history and the cycle's input (docs/policy.md#p-category-rules).
import { activeCategoryRules } from '../data/categoryRules';
import type { CategoryRules, CategoryRulesRef } from '../domain/category/categoryRules';
import type { PrismaClient } from '../prisma/client';

export function createCategoryRulesActivities(prisma: PrismaClient) {
  return {
    async activeCategoryRules(): Promise<{ ref: CategoryRulesRef; rules: CategoryRules }> {
      return activeCategoryRules(prisma);
    },
  };
}

export type CategoryRulesActivities = ReturnType<typeof createCategoryRulesActivities>;
