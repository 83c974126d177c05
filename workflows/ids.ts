// Workflow ids that say what they are, and the task queue the worker polls.
export const TASK_QUEUE = 'getihu-flow';

export const cycleWorkflowId = (year: number) => `cycle-${year}`;
