import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createGuardrails, verify } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rotateKey,
  rotateKeyFile,
  rotateToConfiguredKey,
} from '../../src/modules/vault/commands/rotate-key.ts';
import { encryptedColumns, secretContext } from '../../src/core/crypto/encrypted-columns.ts';
import { blobKeyId, kekFromBase64, VaultError } from '../../src/core/crypto/envelope.ts';
import { KEY_FILE_NAME, loadOrCreateKeyFile } from '../../src/core/crypto/key-file.ts';
import { NEXT_KEY_FILE_NAME } from '../../src/core/crypto/next-key-file.ts';
import { createVault, type KeySource } from '../../src/core/crypto/vault.ts';
import { allSecrets } from '../../src/modules/vault/queries/credentials.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories } from '../support/factories.ts';

const OTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });
const SERVICE_ACCOUNT_KEY = JSON.stringify({
  type: 'service_account',
  client_email: 'sync@acme-project.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nnot-a-real-key-6b1d\n-----END PRIVATE KEY-----\n',
});

describe.each(backends)('rotate-key on %s', (backend) => {
  let h: ApiHarness;
  let manager: string;
  /** Every stored secret by its place (`table:id:column`), as it must read back after any rotation. */
  const expected = new Map<string, string>();
  let revealId: number;

  const db = () => h.t.handle.db;
  const keyFile = () => join(h.dataDir, KEY_FILE_NAME);
  const nextFile = () => join(h.dataDir, NEXT_KEY_FILE_NAME);

  /** Decrypts every secret of every encrypted column with the given keys. */
  async function readAll(source: KeySource): Promise<Map<string, string>> {
    const vault = createVault(source);
    const out = new Map<string, string>();
    for (const place of encryptedColumns) {
      for (const s of await allSecrets(db(), place)) {
        out.set(secretContext({ ...place, id: s.id }), vault.open({ ...place, id: s.id }, s.blob));
      }
    }
    return out;
  }
  /** The key ids the stored secrets are under, with how many secrets each. */
  async function keyIds(): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const place of encryptedColumns) {
      for (const s of await allSecrets(db(), place)) {
        const id = blobKeyId(s.blob);
        ids.set(id, (ids.get(id) ?? 0) + 1);
      }
    }
    return ids;
  }
  const onlyUnder = async (key: string) =>
    expect(await keyIds()).toEqual(new Map([[kekFromBase64(key).id, expected.size]]));

  /** What the running app serves: a reveal through HTTP, with a TOTP code an authenticator accepts. */
  async function expectRevealWorks() {
    const res = await h.api(manager, 'POST', `/credentials/${revealId}/reveal`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { password: string; otpCode: string } };
    expect(data.password).toBe('reveal-me-after-rotation');
    const check = await verify({ secret: OTP_SECRET, token: data.otpCode, epochTolerance: 30, guardrails });
    expect(check.valid).toBe(true);
  }

  async function createCredential(name: string, input: Record<string, unknown>): Promise<number> {
    const res = await h.api(manager, 'POST', '/credentials', { name, ...input });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { data: { id: number } }).data.id;
    if (typeof input.password === 'string')
      expected.set(`credentials:${id}:password_encrypted`, input.password);
    if (typeof input.otpSecret === 'string')
      expected.set(`credentials:${id}:otp_secret_encrypted`, input.otpSecret);
    return id;
  }

  beforeAll(async () => {
    h = await startApi(backend);
    manager = (await h.user('manager')).key;
    const admin = (await h.user('admin')).user;
    // The key the app was started with is the embedded key file, as server.ts would load it.
    writeFileSync(keyFile(), `${h.encryptionKeys.current}\n`, { mode: 0o600 });
    expect(loadOrCreateKeyFile(h.dataDir)).toBe(h.encryptionKeys.current);

    revealId = await createCredential('Reveal me', {
      password: 'reveal-me-after-rotation',
      otpSecret: OTP_SECRET,
    });
    for (let i = 0; i < 4; i++) {
      await createCredential(`Server ${i}`, { password: `server-${i}-password`, otpSecret: OTP_SECRET });
    }
    await createCredential('Only a password', { password: 'only-a-password' });

    // The other encrypted columns, written as their owners will (the vault, bound to the row id).
    const build = factories(h, manager);
    const gw = await build.googleConnection({
      serviceAccountKey: SERVICE_ACCOUNT_KEY,
      serviceAccountEmail: 'sync@acme-project.iam.gserviceaccount.com',
      adminEmail: 'root@acme.example',
    });
    expected.set(`gw_credentials:${gw.id}:service_account_key_encrypted`, SERVICE_ACCOUNT_KEY);
    const ms = await build.microsoftConnection({ clientSecret: 'ms-client-secret' });
    expected.set(`ms_credentials:${ms.id}:client_secret_encrypted`, 'ms-client-secret');
    const ai = await build.aiConfig({ apiKey: 'sk-ai-key' });
    expected.set(`ai_config:${ai.id}:api_key_encrypted`, 'sk-ai-key');
    const tokens = {
      access_token_encrypted: 'access_token_encrypted-value',
      refresh_token_encrypted: 'refresh_token_encrypted-value',
      id_token_encrypted: 'id_token_encrypted-value',
    };
    const account = await build.authAccount({
      user: admin,
      accountId: 'sub-123',
      accessToken: tokens.access_token_encrypted,
      refreshToken: tokens.refresh_token_encrypted,
      idToken: tokens.id_token_encrypted,
    });
    for (const [column, plain] of Object.entries(tokens))
      expected.set(`auth_accounts:${account.id}:${column}`, plain);
    // The organization's share-link secret, made when the first ticket is presented.
    expect((await build.ticket({ requester: { role: 'user' } })).urlKey).toEqual(expect.any(String));
    const org = await h.t.handle.db
      .selectFrom('organizations')
      .select(['id', 'share_secret_encrypted'])
      .executeTakeFirstOrThrow();
    const vault = createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir });
    expected.set(
      `organizations:${org.id}:share_secret_encrypted`,
      vault.open(
        { table: 'organizations', column: 'share_secret_encrypted', id: org.id },
        org.share_secret_encrypted ?? Buffer.alloc(0),
      ),
    );
    // The SMTP password of the mail settings, stored through the API as an admin does.
    const adminKey = (await h.user('admin')).key;
    const mail = await h.api(adminKey, 'PUT', '/settings/mail', {
      transport: 'smtp',
      fromAddress: 'it@acme.example',
      smtp: { host: 'smtp.acme.example', port: 587, secure: false, user: 'it', password: 'smtp-password' },
    });
    expect(mail.status).toBe(200);
    const mailRow = await h.t.handle.db.selectFrom('mail_settings').select('id').executeTakeFirstOrThrow();
    expected.set(`mail_settings:${mailRow.id}:smtp_password_encrypted`, 'smtp-password');
    // Every encrypted column of the schema holds at least one secret.
    const tablesWithSecrets = new Set(
      [...expected.keys()].map((k) => `${k.split(':')[0]}.${k.split(':')[2]}`),
    );
    expect(tablesWithSecrets.size).toBe(encryptedColumns.length);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('key-file style: re-wraps every secret under a new generated key, swapped in at the end', async () => {
    const old = h.encryptionKeys.current;
    await onlyUnder(old);
    const before = new Map((await allSecrets(db(), encryptedColumns[0])).map((s) => [s.id, s.blob]));

    const report = await rotateKey(db(), {
      encryptionKey: undefined,
      previousEncryptionKeys: [],
      dataDir: h.dataDir,
    });
    expect(report.style).toBe('key-file');
    expect(report.rewrapped).toBe(expected.size);
    const newKey = readFileSync(keyFile(), 'utf8').trim();
    expect(newKey).not.toBe(old);
    expect(report.keyId).toBe(kekFromBase64(newKey).id);
    expect(existsSync(nextFile())).toBe(false);

    await onlyUnder(newKey);
    expect(await readAll({ encryptionKeys: { current: newKey, previous: [] } })).toEqual(expected);
    await expect(readAll({ encryptionKeys: { current: old, previous: [] } })).rejects.toThrow(VaultError);
    // Only the data keys were re-wrapped: each value's IV, tag and ciphertext are untouched.
    for (const s of await allSecrets(db(), encryptedColumns[0])) {
      const old = before.get(s.id);
      expect(old).toBeInstanceOf(Buffer);
      expect(s.blob.subarray(69)).toEqual(old?.subarray(69));
      expect(s.blob.subarray(0, 69)).not.toEqual(old?.subarray(0, 69));
    }
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'rotate_key')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.description).toContain(report.keyId);

    h.encryptionKeys.current = newKey; // the restarted server loads the new key file
    await expectRevealWorks();
  });

  it('key-file style: an interruption inside the transaction leaves everything under the old key', async () => {
    const old = h.encryptionKeys.current;
    let batches = 0;
    await expect(
      rotateKeyFile(db(), h.dataDir, [], {
        batchSize: 2,
        afterBatch: () => {
          if (++batches === 3) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    expect(batches).toBe(3);
    await onlyUnder(old);
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(old);
    expect(existsSync(nextFile())).toBe(true); // prepared, not yet used
    expect(await readAll({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir })).toEqual(expected);
    await expectRevealWorks();

    // Running it again finishes the job with the key already prepared.
    const next = readFileSync(nextFile(), 'utf8').trim();
    const report = await rotateKeyFile(db(), h.dataDir);
    expect(report.reusedNextKey).toBe(true);
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(next);
    await onlyUnder(next);
    h.encryptionKeys.current = next;
    await expectRevealWorks();
  });

  it('key-file style: a crash between commit and key swap loses nothing, and a rerun completes', async () => {
    const old = h.encryptionKeys.current;
    await expect(
      rotateKeyFile(db(), h.dataDir, [], {
        beforePromote: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const next = readFileSync(nextFile(), 'utf8').trim();
    await onlyUnder(next); // committed under the .next key…
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(old); // …while encryption.key is still the old one

    // The running app (and one restarted as server.ts does: key file + data dir) still reads everything.
    await expectRevealWorks();
    const restarted: KeySource = {
      encryptionKeys: { current: loadOrCreateKeyFile(h.dataDir), previous: [] },
      dataDir: h.dataDir,
    };
    expect(await readAll(restarted)).toEqual(expected);
    // Meanwhile a new secret is written under the old (current) key: a mixed state, still readable.
    await createCredential('Written during the crash window', { password: 'crash-window-secret' });
    expect((await keyIds()).get(kekFromBase64(old).id)).toBe(1);
    expect(await readAll(restarted)).toEqual(expected);

    const report = await rotateKeyFile(db(), h.dataDir);
    expect(report.reusedNextKey).toBe(true);
    expect(report.rewrapped).toBe(1);
    expect(existsSync(nextFile())).toBe(false);
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(next);
    await onlyUnder(next);
    expect(await readAll({ encryptionKeys: { current: next, previous: [] } })).toEqual(expected);
    h.encryptionKeys.current = next;
    await expectRevealWorks();
  });

  it('environment style: HELIOS_ENCRYPTION_KEY new + _PREVIOUS old, all or nothing', async () => {
    const old = h.encryptionKeys.current;
    const newKey = randomBytes(32).toString('base64');

    // Forgetting the previous key is refused before anything changes.
    await expect(rotateToConfiguredKey(db(), { current: newKey, previous: [] }, undefined)).rejects.toThrow(
      /not configured/,
    );
    await onlyUnder(old);

    // The servers restart with the new key current and the old one previous: mixed, all readable.
    h.encryptionKeys.current = newKey;
    h.encryptionKeys.previous = [old];
    await expectRevealWorks();
    const fresh = await createCredential('Written under the new key', { password: 'under-the-new-key' });
    expect((await keyIds()).get(kekFromBase64(newKey).id)).toBe(1);

    let batches = 0;
    await expect(
      rotateToConfiguredKey(db(), h.encryptionKeys, undefined, {
        batchSize: 3,
        afterBatch: () => {
          if (++batches === 2) throw new Error('connection lost');
        },
      }),
    ).rejects.toThrow('connection lost');
    expect((await keyIds()).get(kekFromBase64(old).id)).toBe(expected.size - 1);
    expect(await readAll({ encryptionKeys: h.encryptionKeys })).toEqual(expected);

    const report = await rotateKey(db(), {
      encryptionKey: newKey,
      previousEncryptionKeys: [old],
      dataDir: h.dataDir,
    });
    expect(report.style).toBe('environment');
    expect(report.rewrapped).toBe(expected.size - 1);
    await onlyUnder(newKey);

    // The operator drops the old key: everything still reads.
    h.encryptionKeys.previous = [];
    expect(await readAll({ encryptionKeys: { current: newKey, previous: [] } })).toEqual(expected);
    await expectRevealWorks();
    expect(expected.get(`credentials:${fresh}:password_encrypted`)).toBe('under-the-new-key');

    // Running it again is harmless.
    const again = await rotateToConfiguredKey(db(), h.encryptionKeys, undefined);
    expect(again.rewrapped).toBe(0);
    expect(again.columns.reduce((n, c) => n + c.alreadyCurrent, 0)).toBe(expected.size);
  });

  it('refuses to rotate when a secret is damaged, naming it, and changes nothing', async () => {
    const key = h.encryptionKeys.current;
    const gw = encryptedColumns.find((c) => c.table === 'gw_credentials');
    const [victim] = gw ? await allSecrets(db(), gw) : [];
    if (!victim) throw new Error('the gw_credentials secret is missing');
    const damaged = Buffer.from(victim.blob);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 1, damaged.length - 1);
    await sql`UPDATE gw_credentials SET service_account_key_encrypted = ${damaged} WHERE id = ${victim.id}`.execute(
      db(),
    );
    try {
      const target = randomBytes(32).toString('base64');
      await expect(
        rotateToConfiguredKey(db(), { current: target, previous: [key] }, undefined),
      ).rejects.toThrow(`gw_credentials:${victim.id}:service_account_key_encrypted`);
      expect((await keyIds()).get(kekFromBase64(key).id)).toBe(expected.size);
    } finally {
      await sql`UPDATE gw_credentials SET service_account_key_encrypted = ${victim.blob} WHERE id = ${victim.id}`.execute(
        db(),
      );
    }
    expect(await readAll({ encryptionKeys: h.encryptionKeys })).toEqual(expected);
  });
});
