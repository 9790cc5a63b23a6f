import {
  documentSchema,
  documentTemplateSchema,
  errorBodySchema,
  folderSchema,
  folderTreeSchema,
  type FolderTreeNode,
} from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

type Data = { data: Record<string, unknown> & { id: number } };
type List = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

// One of everything the sanitizer must remove, beside formatting it must keep.
const DIRTY_HTML = [
  '<h2>Setup</h2>',
  '<p>Use <strong>bold</strong>, <em>italic</em> and <u>underline</u>.</p>',
  '<script>alert("x")</script>',
  '<img src="x" onerror="alert(1)">',
  '<img src="https://cdn.example/logo.png" alt="logo">',
  '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
  '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="bad">',
  '<a href="javascript:alert(1)">evil</a>',
  '<a href="https://wiki.example/vpn" target="_blank">VPN guide</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<ul><li>one</li><li>two</li></ul>',
  '<table><tbody><tr><td colspan="2" onclick="steal()">cell</td></tr></tbody></table>',
  '<p style="color: red; position: fixed">styled</p>',
].join('');

describe.each(backends)('documents, templates and folders on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: { key: string; id: number };
  let build: Factories;
  const count = async (table: 'documents' | 'folders' | 'document_templates' | 'audit_logs') =>
    (
      await h.t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const post = async (key: string, path: string, body: unknown) => {
    const res = await h.api(key, 'POST', path, body);
    expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(201);
    return ((await res.json()) as Data).data;
  };
  const expectInvalid = async (res: Response, path: string) => {
    const body = errorBodySchema.parse(await res.json());
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details?.map((d) => d.path)).toContain(path);
    return body;
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

  it('creates documents with sanitized HTML, keeps formatting, stamps the author and access time', async () => {
    const created = await h.api(manager.key, 'POST', '/documents', {
      name: 'VPN setup',
      description: 'How to connect',
      content: DIRTY_HTML,
    });
    expect(created.status).toBe(201);
    const doc = documentSchema.parse(((await created.json()) as Data).data);
    const html = doc.content ?? '';
    // Removed: scripts, event handlers, javascript: URLs, iframes, non-image data URLs, unsafe styles.
    for (const banned of [
      '<script',
      'alert',
      'onerror',
      'onclick',
      'javascript:',
      '<iframe',
      'data:text',
      'position',
    ])
      expect(html, banned).not.toContain(banned);
    // Kept: ordinary formatting, links, lists, tables, images (http(s) and data:image), safe styles.
    for (const kept of [
      '<h2>Setup</h2>',
      '<strong>bold</strong>',
      '<em>italic</em>',
      '<u>underline</u>',
      '<img src="https://cdn.example/logo.png" alt="logo" />',
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" />',
      '<a href="https://wiki.example/vpn" target="_blank" rel="noopener noreferrer">VPN guide</a>',
      '<ul><li>one</li><li>two</li></ul>',
      '<td colspan="2">cell</td>',
      '<p style="color:red">styled</p>',
    ])
      expect(html, kept).toContain(kept);
    expect(html).toContain('<a>evil</a>');
    expect(doc).toMatchObject({
      name: 'VPN setup',
      createdByUserId: manager.id,
      lastAccessedAt: null,
      templateId: null,
    });

    const got = documentSchema.parse(
      ((await (await h.api(manager.key, 'GET', `/documents/${doc.id}`)).json()) as Data).data,
    );
    expect(got.lastAccessedAt).not.toBeNull();
    expect(got.content).toBe(doc.content);

    const patched = await h.api(manager.key, 'PATCH', `/documents/${doc.id}`, {
      content: '<p onmouseover="x()">Updated <b>text</b></p><script>bad()</script>',
    });
    expect(patched.status).toBe(200);
    expect(documentSchema.parse(((await patched.json()) as Data).data).content).toBe(
      '<p>Updated <b>text</b></p>',
    );

    // The author is the caller's, whatever the body says; and only an admin hard-deletes.
    const authored = await expectInvalid(
      await h.api(manager.key, 'POST', '/documents', { name: 'x', createdByUserId: 1 }),
      '',
    );
    expect(authored.error.message).toContain('createdByUserId');
    expect((await h.api(manager.key, 'DELETE', `/documents/${doc.id}`)).status).toBe(403);
    expect((await h.api(admin, 'DELETE', `/documents/${doc.id}`)).status).toBe(204);
    expect((await h.api(admin, 'GET', `/documents/${doc.id}`)).status).toBe(404);
  });

  it('serves templates to staff only and copies a template into a new document', async () => {
    const template = documentTemplateSchema.parse(
      await post(manager.key, '/document-templates', {
        name: 'Onboarding checklist',
        content: '<h1>Checklist</h1><ol><li>Laptop</li></ol><img src=x onerror=alert(1)>',
      }),
    );
    expect(template.content).toBe('<h1>Checklist</h1><ol><li>Laptop</li></ol><img src="x" />');
    expect(template.createdByUserId).toBe(manager.id);

    const copied = documentSchema.parse(
      await post(manager.key, '/documents', { name: 'Onboarding: Ann', templateId: template.id }),
    );
    expect(copied).toMatchObject({ templateId: template.id, content: template.content });
    const own = documentSchema.parse(
      await post(manager.key, '/documents', {
        name: 'Onboarding: Bob',
        templateId: template.id,
        content: '<p>Own</p>',
      }),
    );
    expect(own.content).toBe('<p>Own</p>');

    const user = await h.user('user');
    expect((await h.api(user.key, 'GET', '/document-templates')).status).toBe(403);
    expect((await h.api(user.key, 'GET', `/document-templates/${template.id}`)).status).toBe(404);
    expect((await h.api(user.key, 'POST', '/document-templates', { name: 'Mine' })).status).toBe(403);

    // An archived template cannot seed a document; nothing is written.
    expect((await h.api(manager.key, 'POST', `/document-templates/${template.id}/archive`)).status).toBe(200);
    const before = { documents: await count('documents'), audits: await count('audit_logs') };
    await expectInvalid(
      await h.api(manager.key, 'POST', '/documents', { name: 'Late', templateId: template.id }),
      'templateId',
    );
    const unknown = await expectInvalid(
      await h.api(manager.key, 'POST', '/document-templates', { name: 'x', customFields: {} }),
      '',
    );
    expect(unknown.error.message).toContain('customFields');
    expect(await count('documents')).toBe(before.documents);
    expect(await count('audit_logs')).toBe(before.audits);
  });

  it('refuses bad document input with the error shape and writes nothing', async () => {
    const archivedFolder = await post(manager.key, '/folders', { name: 'Old' });
    await h.api(manager.key, 'POST', `/folders/${archivedFolder.id}/archive`);
    const before = { documents: await count('documents'), audits: await count('audit_logs') };
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'x', content: 42 }, 'content'],
      [{ name: 'x', content: 'x'.repeat(1_000_001) }, 'content'],
      [{ name: 'x', folderId: -1 }, 'folderId'],
      [{ name: 'x', folderId: 'one' }, 'folderId'],
      [{ name: 'x', folderId: 999_999 }, 'folderId'],
      [{ name: 'x', folderId: archivedFolder.id }, 'folderId'],
      [{ name: 'x', templateId: 999_999 }, 'templateId'],
      [{ name: 'x', surprise: true }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await h.api(manager.key, 'POST', '/documents', body);
      if (res.status === 413) continue; // the 1 MB JSON limit can answer first for the huge content
      const error = errorBodySchema.parse(await res.json()).error;
      expect(res.status, JSON.stringify(error)).toBe(400);
      expect(error.code).toBe('validation_failed');
      if (path) expect(error.details?.map((d) => d.path)).toContain(path);
    }
    expect(await count('documents')).toBe(before.documents);
    expect(await count('audit_logs')).toBe(before.audits);
  });

  it('shows a user only the documents linked to them; contacts none', async () => {
    const linked = await post(manager.key, '/documents', { name: 'Printer how-to for Carol' });
    const other = await post(manager.key, '/documents', { name: 'Payroll procedures' });
    const user = await h.user('user');
    await build.link({ users: user, documents: linked });
    const list = (await (await h.api(user.key, 'GET', '/documents')).json()) as List;
    expect(list.data.map((d) => d.id)).toEqual([linked.id]);
    expect((await h.api(user.key, 'GET', `/documents/${linked.id}`)).status).toBe(200);
    expect((await h.api(user.key, 'GET', `/documents/${other.id}`)).status).toBe(404);
    expect((await h.api(user.key, 'PATCH', `/documents/${linked.id}`, { name: 'Mine' })).status).toBe(403);
    const contact = await h.user('contact');
    expect((await h.api(contact.key, 'GET', '/documents')).status).toBe(403);
    expect((await h.api(contact.key, 'GET', `/documents/${linked.id}`)).status).toBe(404);
    const search = (await (await h.api(manager.key, 'GET', '/documents?q=payroll')).json()) as List;
    expect(search.data.map((d) => d.id)).toEqual([other.id]);
  });

  it('refuses folder cycles (self, child, grandchild) and archived parents, writing nothing', async () => {
    const a = folderSchema.parse(await post(manager.key, '/folders', { name: 'A' }));
    const b = folderSchema.parse(await post(manager.key, '/folders', { name: 'B', parentFolderId: a.id }));
    const c = folderSchema.parse(await post(manager.key, '/folders', { name: 'C', parentFolderId: b.id }));
    expect(c.parentFolderId).toBe(b.id);

    const before = { folders: await count('folders'), audits: await count('audit_logs') };
    for (const target of [a.id, b.id, c.id]) {
      const body = await expectInvalid(
        await h.api(manager.key, 'PATCH', `/folders/${a.id}`, { parentFolderId: target }),
        'parentFolderId',
      );
      expect(body.error.message).toMatch(/itself or one of its subfolders/);
    }
    // B cannot go under its own child either.
    await expectInvalid(
      await h.api(manager.key, 'PATCH', `/folders/${b.id}`, { parentFolderId: c.id }),
      'parentFolderId',
    );

    const old = await post(manager.key, '/folders', { name: 'Archive me' });
    expect((await h.api(manager.key, 'POST', `/folders/${old.id}/archive`)).status).toBe(200);
    const afterArchive = await count('audit_logs');
    await expectInvalid(
      await h.api(manager.key, 'POST', '/folders', { name: 'D', parentFolderId: old.id }),
      'parentFolderId',
    );
    await expectInvalid(
      await h.api(manager.key, 'PATCH', `/folders/${c.id}`, { parentFolderId: old.id }),
      'parentFolderId',
    );
    const unknown = await expectInvalid(
      await h.api(manager.key, 'POST', '/folders', { name: 'E', customFields: { x: 1 } }),
      '',
    );
    expect(unknown.error.message).toContain('customFields');
    expect(await count('folders')).toBe(before.folders + 1);
    expect(await count('audit_logs')).toBe(afterArchive);
    const aNow = folderSchema.parse(
      ((await (await h.api(manager.key, 'GET', `/folders/${a.id}`)).json()) as Data).data,
    );
    expect(aNow.parentFolderId).toBeNull();

    // A legitimate move (C up under A) and back to the top level work.
    const moved = await h.api(manager.key, 'PATCH', `/folders/${c.id}`, { parentFolderId: a.id });
    expect(moved.status).toBe(200);
    expect(folderSchema.parse(((await moved.json()) as Data).data).parentFolderId).toBe(a.id);
    const top = await h.api(manager.key, 'PATCH', `/folders/${c.id}`, { parentFolderId: null });
    expect(folderSchema.parse(((await top.json()) as Data).data).parentFolderId).toBeNull();

    // A folder still holding subfolders cannot be hard-deleted (archive it instead).
    expect((await h.api(admin, 'DELETE', `/folders/${a.id}`)).status).toBe(409);
  });

  it('returns the folder tree with document, file and credential counts (staff only)', async () => {
    const root = await post(manager.key, '/folders', { name: 'Tree root' });
    const child = await post(manager.key, '/folders', { name: 'Child', parentFolderId: root.id });
    const grandchild = await post(manager.key, '/folders', { name: 'Grandchild', parentFolderId: child.id });
    const gone = await post(manager.key, '/folders', { name: 'Gone', parentFolderId: root.id });
    const orphan = await post(manager.key, '/folders', { name: 'Orphan', parentFolderId: gone.id });
    await h.api(manager.key, 'POST', `/folders/${gone.id}/archive`);

    await post(manager.key, '/documents', { name: 'In root 1', folderId: root.id });
    await post(manager.key, '/documents', { name: 'In root 2', folderId: root.id });
    const archivedDoc = await post(manager.key, '/documents', {
      name: 'In root, archived',
      folderId: root.id,
    });
    await h.api(manager.key, 'POST', `/documents/${archivedDoc.id}/archive`);
    await post(manager.key, '/documents', { name: 'In grandchild', folderId: grandchild.id });
    await post(manager.key, '/files', {
      name: 'Spec.pdf',
      driveFileId: 'drive-file-0001',
      folderId: child.id,
    });
    await build.credential({ name: 'Router admin', folder: child });
    await build.credential({ name: 'Switch admin', folder: child });

    const res = await h.api(manager.key, 'GET', '/folders/tree');
    expect(res.status).toBe(200);
    const tree = folderTreeSchema.parse(((await res.json()) as { data: unknown }).data);
    const find = (nodes: FolderTreeNode[], id: number): FolderTreeNode | undefined => {
      for (const n of nodes) {
        if (n.id === id) return n;
        const inner = find(n.children, id);
        if (inner) return inner;
      }
      return undefined;
    };
    const rootNode = tree.find((n) => n.id === root.id);
    expect(rootNode).toEqual({
      id: root.id,
      name: 'Tree root',
      description: null,
      parentFolderId: null,
      counts: { documents: 2, files: 0, credentials: 0 },
      children: [
        {
          id: child.id,
          name: 'Child',
          description: null,
          parentFolderId: root.id,
          counts: { documents: 0, files: 1, credentials: 2 },
          children: [
            {
              id: grandchild.id,
              name: 'Grandchild',
              description: null,
              parentFolderId: child.id,
              counts: { documents: 1, files: 0, credentials: 0 },
              children: [],
            },
          ],
        },
      ],
    });
    expect(find(tree, gone.id)).toBeUndefined();
    // A live folder under an archived one surfaces at the top rather than vanishing.
    expect(tree.find((n) => n.id === orphan.id)).toMatchObject({ parentFolderId: gone.id, children: [] });

    const inRoot = (await (await h.api(manager.key, 'GET', `/documents?folderId=${root.id}`)).json()) as List;
    expect(inRoot.data.map((d) => d.name).sort()).toEqual(['In root 1', 'In root 2']);

    const user = await h.user('user');
    expect((await h.api(user.key, 'GET', '/folders/tree')).status).toBe(403);
    expect((await h.api(user.key, 'GET', '/folders')).status).toBe(200);
    expect(((await (await h.api(user.key, 'GET', '/folders')).json()) as List).data).toEqual([]);
    expect((await h.api(manager.key, 'GET', '/folders/tree?depth=2')).status).toBe(400);
  });
});
