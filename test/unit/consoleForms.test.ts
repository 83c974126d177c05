// The console's task forms are generated from each payload's JSON Schema: every property of every task
// kind must map to a control, or be laid out by the kind itself — so a new kind gets a form without
// new plumbing, and a payload the generator cannot draw fails here rather than in front of an officer.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TASK_PAYLOADS } from '../../domain/category/decisions';
import { fieldKind, OWN_LAYOUT, type JsonSchema } from '../../console/src/forms/fieldKinds';
import { workingDaysLeft } from '../../console/src/workingDays';

describe('generated task forms', () => {
  for (const [kind, schema] of Object.entries(TASK_PAYLOADS)) {
    it(`draw every property of ${kind}`, () => {
      const json = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
      const undrawn = Object.entries(json.properties ?? {}).filter(([name, field]) => !fieldKind(field) && !(OWN_LAYOUT[kind] ?? []).includes(name));
      expect(undrawn.map(([name]) => name)).toEqual([]);
    });
  }

  it('draws the conflict-of-interest declaration as a tick that must be given, and the score sheet by its own layout', () => {
    const json = z.toJSONSchema(TASK_PAYLOADS.SITE_VISIT_SCORE, { io: 'input' }) as JsonSchema;
    expect(fieldKind(json.properties!.noConflictDeclared!)).toBe('declaration');
    expect(fieldKind(json.properties!.sections!)).toBeNull();
    expect(OWN_LAYOUT.SITE_VISIT_SCORE).toContain('sections');
  });
});

describe('working days left', () => {
  it('counts Monday to Friday only, in Beijing time, negative when overdue', () => {
    const friday9 = new Date('2026-12-04T09:00:00+08:00');
    expect(workingDaysLeft('2026-12-07T09:00:00+08:00', friday9)).toBe(1); // Fri 09:00 → Mon 09:00
    expect(workingDaysLeft('2026-12-04T21:00:00+08:00', friday9)).toBe(0.5);
    expect(workingDaysLeft('2026-12-02T09:00:00+08:00', friday9)).toBe(-2);
  });
});
