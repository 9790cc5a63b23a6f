import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { credentialRevealSchema, credentialSchema, errorBodySchema } from '@helios/shared';
import { sql } from 'kysely';
import { createGuardrails, verify } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { encryptedColumns } from '../../src/core/crypto/encrypted-columns.ts';
import { decodeBase32 } from '../../src/core/crypto/totp.ts';
import { insertCustomField } from '../../src/core/records/queries/custom-fields.ts';
import { createLogger } from '../../src/core/logger.ts';
import { BOOTSTRAP_ADMIN, startApi, TEST_AUDIENCE, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories } from '../support/factories.ts';

type Body = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };

// Distinctive plaintexts, so a search of the whole database cannot match anything by accident.
const PASSWORD = 'Pl@intext-Correct-Horse-8c1f9e';
const PASSWORD_2 = ' second secret with spaces 4d2a ';
const OTP_INPUT = 'jbsw y3dp ehpk 3pxp gezd gnbv gy3t qojq'; // as a service shows it
const OTP_SECRET = 'JBSWY3DPEHPK3PXPGEZDGNBVGY3TQOJQ'; // normalized
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

describe.each(backends)('credentials vault on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: string;
  let user: string;
  let userId: number;
  let contact: string;
  let assetId: number;
  let folderId: number;

  const call = async (key: string | undefined, method: string, path: string, body?: unknown) => {
    const res = await h.api(key, method, path, body);
    const text = await res.text();
    return {
      status: res.status,
      text,
      headers: res.headers,
      body: (text ? JSON.parse(text) : undefined) as Body,
    };
  };
  const count = async (table: 'credentials' | 'audit_logs' | 'custom_values') =>
    Number(
      (
        await h.t.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const storedRow = (id: number) =>
    h.t.handle.db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const passwordBlob = async (id: number): Promise<Buffer> => {
    const blob = (await storedRow(id)).password_encrypted;
    if (!blob) throw new Error(`credential ${id} has no password stored`);
    return blob;
  };

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    manager = (await h.user('manager')).key;
    const u = await h.user('user');
    user = u.key;
    userId = u.user.id;
    contact = (await h.user('contact')).key;
    const build = factories(h, manager);
    assetId = (await build.asset({ name: 'Firewall', assetType: 'network_device' })).id;
    folderId = (await build.folder({ name: 'Network' })).id;
    await insertCustomField(h.t.handle.db, {
      organization_id: h.organizationId,
      table_name: 'credentials',
      field_name: 'rotation',
      field_label: 'Rotation',
      field_type: 'dropdown',
      field_options: JSON.stringify({ options: ['yearly', 'never'] }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates, reads, lists, updates, archives, restores and deletes without ever sending a secret', async () => {
    const audits = await count('audit_logs');
    const created = await call(manager, 'POST', '/credentials', {
      name: 'Firewall admin',
      category: 'server',
      uri: 'https://fw.acme.example',
      uri2: '10.0.0.1:8443',
      username: 'admin',
      password: PASSWORD,
      otpSecret: OTP_INPUT,
      primaryUserId: userId,
      primaryAssetId: assetId,
      folderId,
      isImportant: true,
      customFields: { rotation: 'yearly' },
    });
    expect(created.status).toBe(201);
    const credential = credentialSchema.parse(created.body.data);
    expect(credential).toMatchObject({
      name: 'Firewall admin',
      category: 'server',
      username: 'admin',
      uri2: '10.0.0.1:8443',
      primaryUserId: userId,
      primaryAssetId: assetId,
      folderId,
      isImportant: true,
      hasPassword: true,
      hasOtp: true,
      customFields: { rotation: 'yearly' },
    });
    expect(credential.passwordChangedAt).not.toBeNull();
    for (const key of [
      'password',
      'otpSecret',
      'passwordEncrypted',
      'otpSecretEncrypted',
      'organizationId',
    ]) {
      expect(created.body.data).not.toHaveProperty(key);
    }
    expect(created.text).not.toContain(PASSWORD);
    expect(created.text).not.toContain(OTP_SECRET);

    const got = await call(manager, 'GET', `/credentials/${credential.id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ id: credential.id, hasPassword: true, hasOtp: true });
    expect(got.body.data.lastAccessedAt).not.toBeNull();
    expect(got.text).not.toContain(PASSWORD);

    const listed = await call(manager, 'GET', '/credentials?q=firewall&category=server');
    expect(listed.status).toBe(200);
    expect((listed.body.data as unknown as { id: number }[]).map((c) => c.id)).toEqual([credential.id]);
    expect(listed.text).not.toContain(PASSWORD);
    expect(listed.text).not.toMatch(/passwordEncrypted|otpSecret/);

    // The stored row holds ciphertext, not the plaintext.
    const row = await storedRow(credential.id);
    expect(row.password_encrypted).toBeInstanceOf(Buffer);
    expect(row.password_encrypted?.includes(Buffer.from(PASSWORD))).toBe(false);

    const patched = await call(manager, 'PATCH', `/credentials/${credential.id}`, {
      notes: 'rotated yearly',
      customFields: { rotation: 'never' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      notes: 'rotated yearly',
      hasPassword: true,
      hasOtp: true,
      customFields: { rotation: 'never' },
    });
    expect((await call(manager, 'GET', '/credentials?cf.rotation=never')).body.data).toHaveLength(1);

    expect(
      (await call(manager, 'POST', `/credentials/${credential.id}/archive`)).body.data.archivedAt,
    ).not.toBeNull();
    expect((await call(manager, 'GET', '/credentials')).body.data).toEqual([]);
    expect(
      (await call(manager, 'POST', `/credentials/${credential.id}/restore`)).body.data.archivedAt,
    ).toBeNull();
    expect((await call(manager, 'DELETE', `/credentials/${credential.id}`)).status).toBe(403);
    expect((await call(admin, 'DELETE', `/credentials/${credential.id}`)).status).toBe(204);
    expect((await call(admin, 'GET', `/credentials/${credential.id}`)).status).toBe(404);
    expect(await count('audit_logs')).toBe(audits + 5); // create, update, archive, restore, delete
  });

  it('moves passwordChangedAt when, and only when, the password changes', async () => {
    const bare = await call(manager, 'POST', '/credentials', { name: 'Wi-Fi guest', category: 'wifi' });
    expect(bare.status).toBe(201);
    expect(bare.body.data).toMatchObject({ hasPassword: false, hasOtp: false, passwordChangedAt: null });

    const created = await call(manager, 'POST', '/credentials', { name: 'Mail admin', password: PASSWORD });
    const id = created.body.data.id;
    const first = created.body.data.passwordChangedAt as string;
    expect(first).toEqual(expect.any(String));
    const changedAt = async () => (await storedRow(id)).password_changed_at?.toISOString() ?? null;

    await new Promise((r) => setTimeout(r, 20));
    await call(manager, 'PATCH', `/credentials/${id}`, {
      name: 'Mail admin (Workspace)',
      otpSecret: OTP_SECRET,
    });
    expect(await changedAt()).toBe(first);
    // The same password again is no change.
    const same = await call(manager, 'PATCH', `/credentials/${id}`, { password: PASSWORD });
    expect(same.body.data.passwordChangedAt).toBe(first);

    const changed = await call(manager, 'PATCH', `/credentials/${id}`, { password: PASSWORD_2 });
    const second = changed.body.data.passwordChangedAt as string;
    expect(Date.parse(second)).toBeGreaterThan(Date.parse(first));
    // Spaces are part of a password: stored as sent.
    expect((await call(manager, 'POST', `/credentials/${id}/reveal`)).body.data.password).toBe(PASSWORD_2);

    await new Promise((r) => setTimeout(r, 20));
    const removed = await call(manager, 'PATCH', `/credentials/${id}`, { password: null });
    expect(removed.body.data).toMatchObject({ hasPassword: false, hasOtp: true });
    expect(Date.parse(removed.body.data.passwordChangedAt as string)).toBeGreaterThan(Date.parse(second));
    expect((await storedRow(id)).password_encrypted).toBeNull();

    const otpGone = await call(manager, 'PATCH', `/credentials/${id}`, { otpSecret: null });
    expect(otpGone.body.data).toMatchObject({ hasOtp: false });
    expect(otpGone.body.data.passwordChangedAt).toBe(removed.body.data.passwordChangedAt);
  });

  it('reveals the password and a valid TOTP code to staff, one audit row per reveal', async () => {
    const { body } = await call(manager, 'POST', '/credentials', {
      name: 'Registrar',
      username: 'it@acme.example',
      password: PASSWORD,
      otpSecret: OTP_INPUT,
    });
    const id = body.data.id;
    const reveals = () =>
      h.t.handle.db
        .selectFrom('audit_logs')
        .selectAll()
        .where('action', '=', 'reveal')
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute();
    expect(await reveals()).toHaveLength(0);

    for (const key of [manager, admin]) {
      const res = await call(key, 'POST', `/credentials/${id}/reveal`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const data = credentialRevealSchema.parse(res.body.data);
      expect(data).toMatchObject({ username: 'it@acme.example', password: PASSWORD });
      expect(data.otpCode).toMatch(/^\d{6}$/);
      expect(data.otpExpiresIn).toBeGreaterThanOrEqual(1);
      expect(data.otpExpiresIn).toBeLessThanOrEqual(30);
      // The code is the one an authenticator app shows (tolerating a 30 s step boundary).
      const check = await verify({
        secret: OTP_SECRET,
        token: data.otpCode ?? '',
        epochTolerance: 30,
        guardrails,
      });
      expect(check.valid).toBe(true);
    }
    const rows = await reveals();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.entity_type === 'credential' && r.user_id !== null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);

    // Only a password stored: no OTP fields at all.
    const noOtp = await call(manager, 'POST', '/credentials', {
      name: 'Printer',
      password: 'printer-pass-77',
    });
    const revealed = await call(manager, 'POST', `/credentials/${noOtp.body.data.id}/reveal`);
    expect(revealed.body.data).toEqual({ username: null, password: 'printer-pass-77' });
    expect(await count('audit_logs')).toBeGreaterThan(0);
  });

  it('keeps credentials from users and contacts: list 403, anything about one 404', async () => {
    const { body } = await call(manager, 'POST', '/credentials', {
      name: 'Assigned to the user',
      primaryUserId: userId,
      password: PASSWORD,
    });
    const id = body.data.id;
    const before = await count('audit_logs');
    for (const key of [user, contact]) {
      expect((await call(key, 'GET', '/credentials')).status).toBe(403);
      expect((await call(key, 'GET', `/credentials/${id}`)).status).toBe(404);
      const reveal = await call(key, 'POST', `/credentials/${id}/reveal`);
      expect(reveal.status).toBe(404);
      expect(reveal.text).not.toContain(PASSWORD);
      expect((await call(key, 'PATCH', `/credentials/${id}`, { name: 'x' })).status).toBe(404);
      expect((await call(key, 'POST', '/credentials', { name: 'mine' })).status).toBe(403);
      expect((await call(key, 'POST', `/credentials/${id}/archive`)).status).toBe(404);
      expect((await call(key, 'DELETE', `/credentials/${id}`)).status).toBe(404);
    }
    expect((await call(undefined, 'POST', `/credentials/${id}/reveal`)).status).toBe(401);
    expect(await count('audit_logs')).toBe(before);
    expect((await call(manager, 'POST', `/credentials/${id}/reveal`)).status).toBe(200);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const { body } = await call(manager, 'POST', '/credentials', { name: 'Valid', password: PASSWORD });
    const id = body.data.id;
    const archivedUser = await h.user('user', undefined, { archived_at: new Date() });
    const cases: [string, string, unknown, string][] = [
      ['POST', '/credentials', { name: 'x', otpSecret: 'not base32!' }, 'otpSecret'],
      ['POST', '/credentials', { name: 'x', otpSecret: 'JBSWY3DP' }, 'otpSecret'], // 40 bits
      ['POST', '/credentials', { name: 'x', otpSecret: `${OTP_SECRET}A` }, 'otpSecret'], // a stray character
      ['POST', '/credentials', { name: 'x', otpSecret: 'A'.repeat(104) }, 'otpSecret'],
      ['POST', '/credentials', { name: 'x', password: '' }, 'password'],
      ['POST', '/credentials', { name: 'x', password: 'p'.repeat(1025) }, 'password'],
      ['POST', '/credentials', { name: 'x', password: 12345 }, 'password'],
      ['POST', '/credentials', { name: 'n'.repeat(201) }, 'name'],
      ['POST', '/credentials', { name: '   ' }, 'name'],
      ['POST', '/credentials', {}, 'name'],
      ['POST', '/credentials', { name: 'x', username: 'u'.repeat(501) }, 'username'],
      ['POST', '/credentials', { name: 'x', category: 'banking' }, 'category'],
      ['POST', '/credentials', { name: 'x', uri: 'javascript:alert(1)' }, 'uri'],
      ['POST', '/credentials', { name: 'x', passwordEncrypted: 'AAAA' }, ''],
      ['POST', '/credentials', { name: 'x', passwordChangedAt: '2020-01-01T00:00:00Z' }, ''],
      ['POST', '/credentials', { name: 'x', folderId: -1 }, 'folderId'],
      ['POST', '/credentials', { name: 'x', primaryAssetId: 999999 }, 'primaryAssetId'],
      ['POST', '/credentials', { name: 'x', primaryUserId: archivedUser.user.id }, 'primaryUserId'],
      ['POST', '/credentials', { name: 'x', customFields: { nope: 1 } }, 'customFields.nope'],
      ['PATCH', `/credentials/${id}`, { otpSecret: '1234567890123456' }, 'otpSecret'],
      ['PATCH', `/credentials/${id}`, { hasPassword: false }, ''],
      ['PATCH', `/credentials/${id}`, { name: null }, 'name'],
      ['PATCH', '/credentials/-3', { name: 'x' }, 'id'],
      ['POST', `/credentials/${id}/reveal`, { reason: 'curious' }, ''],
      ['POST', '/credentials/abc/reveal', undefined, 'id'],
    ];
    const credentialsBefore = await count('credentials');
    const auditsBefore = await count('audit_logs');
    const rowBefore = await storedRow(id);
    for (const [method, path, input, field] of cases) {
      const res = await call(manager, method, path, input);
      expect(res.status, `${method} ${path} ${JSON.stringify(input)}`).toBe(400);
      const error = errorBodySchema.parse(res.body).error;
      expect(error.code).toBe('validation_failed');
      if (field) expect(error.details?.map((d) => d.path)).toContain(field);
      expect(res.text).not.toContain(PASSWORD);
    }
    expect((await call(manager, 'GET', '/credentials?category=banking')).status).toBe(400);
    expect(await count('credentials')).toBe(credentialsBefore);
    expect(await count('audit_logs')).toBe(auditsBefore);
    expect(await storedRow(id)).toEqual(rowBefore);
  });

  it('leaves no plaintext password or OTP secret anywhere in the database', async () => {
    const secrets = {
      password: 'Dump-Test-Password-a91c7e',
      otp: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      password2: 'Dump-Test-Changed-b5e0d2',
    };
    const created = await call(manager, 'POST', '/credentials', {
      name: 'Dump control name',
      password: secrets.password,
      otpSecret: secrets.otp.toLowerCase(),
    });
    const id = created.body.data.id;
    await call(manager, 'POST', `/credentials/${id}/reveal`);
    await call(manager, 'PATCH', `/credentials/${id}`, { password: secrets.password2 });
    const revealed = await call(admin, 'POST', `/credentials/${id}/reveal`);
    expect(revealed.body.data.password).toBe(secrets.password2);
    // A rejected request carrying a secret must leave no trace either.
    await call(manager, 'POST', '/credentials', { name: 'x'.repeat(300), password: secrets.password });

    const db = h.t.handle.db;
    const tables = (
      await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db)
    ).rows.map((r) => r.name);
    expect(tables.length).toBeGreaterThan(40);
    expect(tables).toContain('audit_logs');

    const forms = (plain: string) => [
      plain,
      Buffer.from(plain).toString('hex'),
      Buffer.from(plain).toString('base64'),
    ];
    const needles = [
      ...forms(secrets.password),
      ...forms(secrets.password2),
      ...forms(secrets.otp),
      ...forms(secrets.otp.toLowerCase()),
      Buffer.from(decodeBase32(secrets.otp)).toString('hex'), // the raw OTP key bytes
    ].map((n) => n.toLowerCase());
    let dumped = '';
    for (const table of tables) {
      // Every column as text: bytea comes out as \x… hex, jsonb as its JSON text.
      const rows = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table)} t`.execute(db);
      dumped += rows.rows
        .map((r) => r.row)
        .join('\n')
        .toLowerCase();
    }
    // The dump does contain what it should (the test would pass vacuously otherwise).
    expect(dumped).toContain('dump control name');
    expect(dumped).toContain((await passwordBlob(id)).toString('hex'));
    for (const needle of needles) expect(dumped.includes(needle), `found ${needle}`).toBe(false);
  });

  it('refuses to decrypt a blob moved to another row or column, loudly and without a trace of it', async () => {
    const a = (await call(manager, 'POST', '/credentials', { name: 'A', password: 'password-of-a-111' })).body
      .data.id;
    const b = (await call(manager, 'POST', '/credentials', { name: 'B', password: 'password-of-b-222' })).body
      .data.id;
    const db = h.t.handle.db;
    const blobA = await passwordBlob(a);
    const blobB = await passwordBlob(b);
    await db.updateTable('credentials').set({ password_encrypted: blobA }).where('id', '=', b).execute();
    const audits = await count('audit_logs');
    const moved = await call(manager, 'POST', `/credentials/${b}/reveal`);
    expect(moved.status).toBe(500);
    expect(errorBodySchema.parse(moved.body).error.code).toBe('internal');
    expect(moved.text).not.toContain('password-of');
    expect(await count('audit_logs')).toBe(audits); // nothing was revealed

    await db
      .updateTable('credentials')
      .set({ password_encrypted: blobB, otp_secret_encrypted: blobA })
      .where('id', '=', b)
      .execute();
    expect((await call(manager, 'POST', `/credentials/${b}/reveal`)).status).toBe(500);
    await db.updateTable('credentials').set({ otp_secret_encrypted: null }).where('id', '=', b).execute();
    expect((await call(manager, 'POST', `/credentials/${b}/reveal`)).body.data.password).toBe(
      'password-of-b-222',
    );

    // A blob whose key is not configured (the key was dropped too early) is a 500, not garbage.
    const current = h.encryptionKeys.current;
    h.encryptionKeys.current = Buffer.alloc(32, 7).toString('base64');
    try {
      expect((await call(manager, 'POST', `/credentials/${a}/reveal`)).status).toBe(500);
    } finally {
      h.encryptionKeys.current = current;
    }
    expect((await call(manager, 'POST', `/credentials/${a}/reveal`)).body.data.password).toBe(
      'password-of-a-111',
    );
  });

  it('never writes a secret to the log', async () => {
    // The same app, logging everything at trace level into memory.
    let log = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const app = createApp({
      db: h.t.handle.db,
      pool: h.t.handle.pool,
      logger: createLogger('trace', sink),
      organizationId: h.organizationId,
      identity: {
        audiences: [TEST_AUDIENCE],
        orgDomain: TEST_DOMAIN,
        googleApiOrigin: h.simulator.origin,
        bootstrapAdminEmail: BOOTSTRAP_ADMIN,
      },
      dataDir: h.dataDir,
      encryptionKeys: h.encryptionKeys,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    try {
      const secret = 'Logged-Never-Password-3f8a';
      const created = (await (
        await send('POST', '/credentials', { name: 'Log test', password: secret, otpSecret: OTP_SECRET })
      ).json()) as Body;
      expect((await send('POST', `/credentials/${created.data.id}/reveal`)).status).toBe(200);
      expect(
        (await send('PATCH', `/credentials/${created.data.id}`, { password: `${secret}-2` })).status,
      ).toBe(200);
      expect(
        (await send('POST', '/credentials', { name: '', password: secret, otpSecret: 'bad!' })).status,
      ).toBe(400);
      await h.t.handle.db
        .updateTable('credentials')
        .set({
          password_encrypted: Buffer.from(
            'garbage that is not a blob at all, but long enough to parse as one, really long, yes long enough',
          ),
        })
        .where('id', '=', created.data.id)
        .execute();
      expect((await send('POST', `/credentials/${created.data.id}/reveal`)).status).toBe(500);
      expect(log).toContain('request failed'); // the 500 was logged
      expect(log).toContain(`/credentials/${created.data.id}/reveal`);
      for (const needle of [secret, OTP_SECRET, createHash('sha256').update(secret).digest('hex')]) {
        expect(log).not.toContain(needle);
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lists every encrypted column of the schema in the rotation registry', async () => {
    const columns = (
      await sql<{ t: string; c: string }>`
        SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name LIKE '%\\_encrypted'
        ORDER BY 1, 2`.execute(h.t.handle.db)
    ).rows.map((r) => `${r.t}.${r.c}`);
    expect(columns.length).toBeGreaterThanOrEqual(8);
    expect([...encryptedColumns.map((c) => `${c.table}.${c.column}`)].sort()).toEqual([...columns].sort());
  });
});
