import { migrateToLatest } from '../../../core/db/migrate.ts';
import type { CliCommand } from '../../../core/module.ts';
import { rotateKey } from '../commands/rotate-key.ts';

export const rotateKeyCommand: CliCommand = {
  name: ['rotate-key'],
  needs: ['encryptionKey'],
  usage: '',
  summary:
    're-encrypt every stored secret under a new key-encryption key (embedded: a new key file is generated; server: set the new key in HELIOS_ENCRYPTION_KEY and the old one in HELIOS_ENCRYPTION_KEY_PREVIOUS)',
  async run({ db, config, out }) {
    await migrateToLatest(db);
    const report = await rotateKey(db, config);
    for (const c of report.columns) {
      out.write(`${c.table}.${c.column}: ${c.rewrapped} re-wrapped, ${c.alreadyCurrent} already current\n`);
    }
    out.write(
      report.style === 'key-file'
        ? `all secrets are under the new key ${report.keyId} in ${config.dataDir}/encryption.key; back up the data directory now\n`
        : `all secrets are under HELIOS_ENCRYPTION_KEY (key ${report.keyId}); HELIOS_ENCRYPTION_KEY_PREVIOUS can be removed\n`,
    );
    return 0;
  },
};
