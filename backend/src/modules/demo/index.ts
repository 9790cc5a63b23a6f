// The demo module's public entry.
export { seedDemo, seedDemoInto, DEMO_SEEDED_AT, type DemoSummary } from './seed-demo.ts';
