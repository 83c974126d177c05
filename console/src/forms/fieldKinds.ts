// How a payload property of a task's JSON Schema becomes a form control; null when no generic
// control fits (the kind then needs its own layout for that property).
/** The part of JSON Schema (as z.toJSONSchema writes it) the form generator reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  const?: unknown;
  maxLength?: number;
  minLength?: number;
  items?: JsonSchema;
  additionalProperties?: unknown;
  default?: unknown;
}

export type FieldKind = 'declaration' | 'yesNo' | 'number' | 'tags' | 'text' | 'perItem';

/**
 * The id property (e.g. `objectionId`) of an array of objects that decides each item the task lists
 * (`task.items`), or null: such an array is drawn as one sub-form per listed item.
 */
export function itemKey(field: JsonSchema): string | null {
  if (field.type !== 'array' || field.items?.type !== 'object') return null;
  return Object.entries(field.items.properties ?? {}).find(([name, f]) => name.endsWith('Id') && f.type === 'string')?.[0] ?? null;
}

export function fieldKind(field: JsonSchema): FieldKind | null {
  if (field.const === true) return 'declaration';
  if (field.type === 'boolean') return 'yesNo';
  if (field.type === 'number' || field.type === 'integer') return 'number';
  if (field.type === 'array' && field.items?.type === 'string') return 'tags';
  if (field.type === 'string') return 'text';
  if (itemKey(field)) return 'perItem';
  return null;
}

/** Properties each kind lays out itself (the criteria checklist, the score sheet). */
export const OWN_LAYOUT: Record<string, string[]> = { APPLICATION_REVIEW: ['assessedCriteria'], SITE_VISIT_SCORE: ['sections'] };
