import type { HeliosModule } from '../../core/module.ts';
import { seedDemoCommand } from './cli/seed-demo.ts';

/** The deterministic demo organization (seeded at first start in embedded mode, or by CLI). */
export const demoModule: HeliosModule = {
  name: 'demo',
  commands: [seedDemoCommand],
};
