// Workflow ids (and the ids of what they own) that say what they are, and the task queue the worker polls.
export const TASK_QUEUE = 'getihu-flow';

export const cycleWorkflowId = (year: number) => `cycle-${year}`;
export const typingRunId = (year: number, kind: 'ANNUAL' | 'RERUN') => `typing-${year}-${kind}`;
export const recheckWorkflowId = (year: number, uscc: string) => `recheck-${year}-${uscc}`;
export const recheckTaskId = (recheckId: string) => `task-recheck-${recheckId}`;
export const recheckTaskTitle = (uscc: string) => `分型复核核实：${uscc}`;
export const applicationWorkflowId = (year: number, uscc: string) => `application-${year}-${uscc}`;
export const confirmationTaskId = (cycleWorkflowId: string) => `task-${cycleWorkflowId}-confirmation`;
export const designationWorkflowId = (uscc: string, year: number) => `designation-${year}-${uscc}`;
