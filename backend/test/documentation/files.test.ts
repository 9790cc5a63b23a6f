import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorBodySchema, fileSchema, type HeliosFile } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadLimits } from '../../src/core/storage/upload.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

type List = { data: HeliosFile[]; nextCursor: string | null };

describe.each(backends)('files on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: { key: string; id: number };
  let build: Factories;
  const filesDir = () => join(h.dataDir, 'files');
  const stored = () => (existsSync(filesDir()) ? readdirSync(filesDir()).sort() : []);
  const count = async (table: 'files' | 'audit_logs') =>
    (
      await h.t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const referenceOf = async (id: number) =>
    (
      await h.t.handle.db
        .selectFrom('files')
        .select(['reference_name', 'storage_path'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).reference_name;

  /** POSTs a multipart form as the key's owner. */
  const send = (key: string, form: FormData, path = '/files') =>
    fetch(`${h.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
  const formWith = (
    bytes: Uint8Array,
    filename: string,
    type: string,
    fields: Record<string, string> = {},
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([bytes], { type }), filename);
    return form;
  };
  const upload = async (key: string, form: FormData) => {
    const res = await send(key, form);
    const body = (await res.json()) as { data: unknown };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return fileSchema.parse(body.data);
  };
  const download = (key: string, id: number) =>
    fetch(`${h.url}/api/v1/files/${id}/download`, {
      headers: { authorization: `Bearer ${key}` },
      redirect: 'manual',
    });
  const expectInvalid = async (res: Response, path?: string) => {
    const body = errorBodySchema.parse(await res.json());
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    if (path !== undefined) expect(body.error.details?.map((d) => d.path)).toContain(path);
  };

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    const m = await h.user('manager');
    manager = { key: m.key, id: m.user.id };
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('uploads, downloads byte-identical with safe headers, updates metadata, and deletes the bytes', async () => {
    const folder = (await (await h.api(manager.key, 'POST', '/folders', { name: 'Contracts' })).json()) as {
      data: { id: number };
    };
    const bytes = new Uint8Array(randomBytes(200_000));
    const file = await upload(
      manager.key,
      formWith(bytes, 'Q3 report "final".PDF', 'application/pdf', {
        description: 'Quarterly numbers',
        folderId: String(folder.data.id),
      }),
    );
    expect(file).toMatchObject({
      name: 'Q3 report "final".PDF',
      description: 'Quarterly numbers',
      fileType: 'pdf',
      fileSize: bytes.length,
      mimeType: 'application/pdf',
      folderId: folder.data.id,
      uploadedByUserId: manager.id,
      kind: 'upload',
      driveFileId: null,
      url: null,
      archivedAt: null,
    });
    expect(file).not.toHaveProperty('referenceName');
    expect(file).not.toHaveProperty('storagePath');

    // Stored under a random reference in <dataDir>/files, never under the client's name.
    const reference = await referenceOf(file.id);
    expect(reference).toMatch(/^[0-9a-f]{32}$/);
    expect(stored()).toEqual([reference]);

    const res = await download(manager.key, file.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Q3 report _final_.PDF"; filename*=UTF-8''Q3%20report%20%22final%22.PDF`,
    );
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);

    // Renaming to a name with control characters and non-ASCII cannot inject headers.
    const patched = await h.api(manager.key, 'PATCH', `/files/${file.id}`, {
      name: 'Bericht\r\nSet-Cookie: x=1 ü.pdf',
    });
    expect(patched.status).toBe(200);
    const renamed = await download(manager.key, file.id);
    expect(renamed.headers.get('set-cookie')).toBeNull();
    expect(renamed.headers.get('content-disposition')).toBe(
      `attachment; filename="BerichtSet-Cookie: x=1 _.pdf"; filename*=UTF-8''BerichtSet-Cookie%3A%20x%3D1%20%C3%BC.pdf`,
    );
    await renamed.arrayBuffer();
    // The bytes and their metadata are fixed at upload.
    await expectInvalid(await h.api(manager.key, 'PATCH', `/files/${file.id}`, { fileSize: 1 }));

    expect((await h.api(manager.key, 'DELETE', `/files/${file.id}`)).status).toBe(403);
    expect(stored()).toEqual([reference]);
    const audits = await count('audit_logs');
    expect((await h.api(admin, 'DELETE', `/files/${file.id}`)).status).toBe(204);
    expect(stored()).toEqual([]);
    expect(await count('audit_logs')).toBe(audits + 1);
    expect((await h.api(admin, 'GET', `/files/${file.id}`)).status).toBe(404);
    expect((await download(admin, file.id)).status).toBe(404);
  });

  it('names an upload after the client file unless told otherwise; archive keeps the bytes', async () => {
    const text = new TextEncoder().encode('hello, world\n');
    const file = await upload(manager.key, formWith(text, '../../etc/passwd.txt', 'text/plain'));
    expect(file).toMatchObject({ name: 'passwd.txt', fileType: 'txt', mimeType: 'text/plain', fileSize: 13 });
    const named = await upload(manager.key, formWith(text, 'x.bin', 'image/png', { name: 'Greeting' }));
    expect(named).toMatchObject({ name: 'Greeting', fileType: 'bin', mimeType: 'image/png' });
    expect((await h.api(manager.key, 'POST', `/files/${file.id}/archive`)).status).toBe(200);
    const res = await download(manager.key, file.id);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello, world\n');
    const search = (await (await h.api(manager.key, 'GET', '/files?q=greet')).json()) as List;
    expect(search.data.map((f) => f.id)).toEqual([named.id]);
  });

  it('refuses uploads over the limit (413), several files, bad fields and bad bodies (400), storing nothing', async () => {
    const user = await h.user('user');
    const before = { files: await count('files'), audits: await count('audit_logs'), bytes: stored() };
    const saved = uploadLimits.maxFileBytes;
    uploadLimits.maxFileBytes = 1024;
    try {
      const tooBig = await send(
        manager.key,
        formWith(new Uint8Array(1025), 'big.bin', 'application/octet-stream'),
      );
      expect(tooBig.status).toBe(413);
      expect(errorBodySchema.parse(await tooBig.json()).error.code).toBe('payload_too_large');
      // Exactly at the limit is fine.
      const atLimit = await upload(
        manager.key,
        formWith(new Uint8Array(1024), 'ok.bin', 'application/octet-stream'),
      );
      expect(atLimit.fileSize).toBe(1024);
      expect((await h.api(admin, 'DELETE', `/files/${atLimit.id}`)).status).toBe(204);
    } finally {
      uploadLimits.maxFileBytes = saved;
    }

    const two = formWith(new Uint8Array([1]), 'a.bin', 'application/octet-stream');
    two.append('file', new Blob([new Uint8Array([2])]), 'b.bin');
    await expectInvalid(await send(manager.key, two), 'file');

    const otherField = new FormData();
    otherField.append('attachment', new Blob([new Uint8Array([1])]), 'a.bin');
    await expectInvalid(await send(manager.key, otherField), 'file');

    const noFile = new FormData();
    noFile.append('name', 'Nothing');
    await expectInvalid(await send(manager.key, noFile), 'file');

    const one = () => new Uint8Array([1, 2, 3]);
    await expectInvalid(
      await send(manager.key, formWith(one(), 'a.bin', 'x/y', { folderId: '-3' })),
      'folderId',
    );
    await expectInvalid(
      await send(manager.key, formWith(one(), 'a.bin', 'x/y', { folderId: '999999' })),
      'folderId',
    );
    await expectInvalid(await send(manager.key, formWith(one(), 'a.bin', 'x/y', { name: '' })), 'name');
    await expectInvalid(
      await send(manager.key, formWith(one(), 'a.bin', 'x/y', { name: 'n'.repeat(201) })),
      'name',
    );
    await expectInvalid(await send(manager.key, formWith(one(), 'a.bin', 'x/y', { owner: '1' })), '');

    const plain = await fetch(`${h.url}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.key}`, 'content-type': 'text/plain' },
      body: 'just text',
    });
    await expectInvalid(plain);
    const noBoundary = await fetch(`${h.url}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.key}`, 'content-type': 'multipart/form-data' },
      body: 'garbage',
    });
    await expectInvalid(noBoundary);
    const truncated = await fetch(`${h.url}/api/v1/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${manager.key}`,
        'content-type': 'multipart/form-data; boundary=XYZ',
      },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhalf a fi',
    });
    await expectInvalid(truncated);

    // Users may not upload; their bytes are never stored.
    expect((await send(user.key, formWith(one(), 'a.bin', 'x/y'))).status).toBe(403);

    expect(await count('files')).toBe(before.files);
    // Only the at-limit upload and its delete were recorded.
    expect(await count('audit_logs')).toBe(before.audits + 2);
    expect(stored()).toEqual(before.bytes);
  });

  it('registers a Google Drive link and redirects its download to Drive', async () => {
    const res = await h.api(manager.key, 'POST', '/files', {
      name: 'Budget 2027',
      driveFileId: '1AbC_dEf-GhIjKlMnOpQrStUvWxYz0123',
      mimeType: 'application/vnd.google-apps.spreadsheet',
      url: 'https://docs.google.com/spreadsheets/d/1AbC_dEf-GhIjKlMnOpQrStUvWxYz0123/edit#gid=0',
    });
    expect(res.status).toBe(201);
    const file = fileSchema.parse(((await res.json()) as { data: unknown }).data);
    expect(file).toMatchObject({
      name: 'Budget 2027',
      kind: 'drive',
      driveFileId: '1AbC_dEf-GhIjKlMnOpQrStUvWxYz0123',
      url: 'https://drive.google.com/file/d/1AbC_dEf-GhIjKlMnOpQrStUvWxYz0123/view',
      mimeType: 'application/vnd.google-apps.spreadsheet',
      fileSize: null,
      uploadedByUserId: manager.id,
    });
    const row = await h.t.handle.db
      .selectFrom('files')
      .select(['reference_name', 'storage_path'])
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      reference_name: '1AbC_dEf-GhIjKlMnOpQrStUvWxYz0123',
      storage_path: 'drive:1AbC_dEf-GhIjKlMnOpQrStUvWxYz0123',
    });

    const redirect = await download(manager.key, file.id);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(file.url);
    // Downloads need a caller.
    expect((await fetch(`${h.url}/api/v1/files/${file.id}/download`, { redirect: 'manual' })).status).toBe(
      401,
    );

    const before = { files: await count('files'), audits: await count('audit_logs') };
    const cases: [unknown, string][] = [
      [{ name: 'x' }, 'driveFileId'],
      [{ driveFileId: '1AbC_dEf-GhIjKlMnOpQ' }, 'name'],
      [{ name: 'x', driveFileId: 'has spaces in it' }, 'driveFileId'],
      [{ name: 'x', driveFileId: '1AbC_dEf-GhIjKlMnOpQ', mimeType: 'nope' }, 'mimeType'],
      [
        {
          name: 'x',
          driveFileId: '1AbC_dEf-GhIjKlMnOpQ',
          url: 'http://drive.google.com/file/d/1AbC_dEf-GhIjKlMnOpQ',
        },
        'url',
      ],
      [
        {
          name: 'x',
          driveFileId: '1AbC_dEf-GhIjKlMnOpQ',
          url: 'https://evil.example/d/1AbC_dEf-GhIjKlMnOpQ',
        },
        'url',
      ],
      [
        {
          name: 'x',
          driveFileId: '1AbC_dEf-GhIjKlMnOpQ',
          url: 'https://drive.google.com/file/d/other-id-00000/view',
        },
        'url',
      ],
      [{ name: 'x', driveFileId: '1AbC_dEf-GhIjKlMnOpQ', folderId: 999_999 }, 'folderId'],
      [{ name: 'x', driveFileId: '1AbC_dEf-GhIjKlMnOpQ', fileSize: 3 }, ''],
    ];
    for (const [body, path] of cases)
      await expectInvalid(await h.api(manager.key, 'POST', '/files', body), path);
    expect(await count('files')).toBe(before.files);
    expect(await count('audit_logs')).toBe(before.audits);
  });

  it('shows a user only the files linked to them; contacts none', async () => {
    const mine = await upload(
      manager.key,
      formWith(new TextEncoder().encode('mine'), 'mine.txt', 'text/plain'),
    );
    const theirs = await upload(
      manager.key,
      formWith(new TextEncoder().encode('theirs'), 'theirs.txt', 'text/plain'),
    );
    const user = await h.user('user');
    await build.link({ users: user, files: mine });

    const list = (await (await h.api(user.key, 'GET', '/files?archived=all')).json()) as List;
    expect(list.data.map((f) => f.id)).toEqual([mine.id]);
    expect((await h.api(user.key, 'GET', `/files/${mine.id}`)).status).toBe(200);
    expect((await h.api(user.key, 'GET', `/files/${theirs.id}`)).status).toBe(404);
    const own = await download(user.key, mine.id);
    expect(own.status).toBe(200);
    expect(await own.text()).toBe('mine');
    expect((await download(user.key, theirs.id)).status).toBe(404);
    expect((await h.api(user.key, 'PATCH', `/files/${mine.id}`, { name: 'x' })).status).toBe(403);
    expect((await h.api(user.key, 'DELETE', `/files/${mine.id}`)).status).toBe(403);

    const contact = await h.user('contact');
    expect((await h.api(contact.key, 'GET', '/files')).status).toBe(403);
    expect((await download(contact.key, mine.id)).status).toBe(404);

    // Hard delete takes the link rows with it (ON DELETE CASCADE) and the bytes after commit.
    const reference = await referenceOf(mine.id);
    expect(stored()).toContain(reference);
    expect((await h.api(admin, 'DELETE', `/files/${mine.id}`)).status).toBe(204);
    expect(stored()).not.toContain(reference);
    const links = await h.t.handle.db
      .selectFrom('user_files')
      .selectAll()
      .where('file_id', '=', mine.id)
      .execute();
    expect(links).toEqual([]);
  });
});
