// Every workflow type the worker registers (each export becomes a workflow type).
export { annualCycleWorkflow } from './annualCycle';
export { typingRunWorkflow } from './typingRun';
export { recheckWorkflow } from './recheck';
export { annualCycleKickoffWorkflow } from './annualKickoff';
export { categoryApplicationWorkflow } from './categoryApplication';
export { designationWorkflow } from './designation';
export { policyMatchingWorkflow } from './policyMatching';
export { reminderWorkflow } from './reminders';
