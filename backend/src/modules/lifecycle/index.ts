// The lifecycle module's public entry: what other modules may use (architecture.md).
export { lifecycleActions } from './actions/index.ts';
export { runDueSteps } from './commands/engine.ts';
export { LIFECYCLE_STEPS_QUEUE } from './jobs/steps.ts';
