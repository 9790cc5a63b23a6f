import type { CliCommand } from '../../../core/module.ts';
import { seedDemoInto } from '../seed-demo.ts';

export const seedDemoCommand: CliCommand = {
  name: ['seed-demo'],
  needs: ['encryptionKey', 'orgDomain'],
  usage: '',
  summary: "add the demo organization's data (once)",
  async run(ctx) {
    const organization = await ctx.bootstrap();
    const summary = await seedDemoInto(ctx.db, organization);
    ctx.out.write(
      summary
        ? `demo data added: ${JSON.stringify(summary)}\n`
        : 'demo data was already added; nothing to do\n',
    );
    return 0;
  },
};
