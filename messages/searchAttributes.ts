// Custom search attributes, registered when the dev server starts (scripts/temporalServer.ts) and in
// tests. Never personal data: search attributes are stored unencrypted.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CycleYear = defineSearchAttributeKey('CycleYear', SearchAttributeType.INT);
export const Phase = defineSearchAttributeKey('Phase', SearchAttributeType.KEYWORD);
export const County = defineSearchAttributeKey('County', SearchAttributeType.KEYWORD);
export const Category = defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD);
export const ApplicationStatus = defineSearchAttributeKey('ApplicationStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [CycleYear, Phase, County, Category, ApplicationStatus];
