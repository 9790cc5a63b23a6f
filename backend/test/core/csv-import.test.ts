import { errorBodySchema, importResultSchema, type ImportResult } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

describe.each(backends)('CSV import on %s', (backend) => {
  let h: ApiHarness;
  let manager: { key: string };
  let build: Factories;
  const { count } = recordRequests(() => ({ h, key: manager.key }));

  const post = (key: string, path: string, body: string, type = 'text/csv') =>
    fetch(`${h.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body,
    });
  const importCsv = async (path: string, body: string): Promise<ImportResult> => {
    const res = await post(manager.key, path, body);
    const json = (await res.json()) as { data: unknown };
    expect(res.status, JSON.stringify(json)).toBe(200);
    return importResultSchema.parse(json.data);
  };

  beforeAll(async () => {
    h = await startApi(backend);
    manager = await h.user('manager');
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('imports a Snipe-IT asset export: a dry run reports per row, the apply writes the good rows, a re-import updates', async () => {
    await build.location({ name: 'Lisbon HQ' });
    await build.vendor({ name: 'Lenovo Store' });
    const owner = await build.user({ email: 'ana.silva@acme.example' });
    const csv = [
      'Asset Tag,Serial,Model Name,Manufacturer,Category,Status Label,Location,Supplier,Email,Purchase Date,Purchase Cost',
      'LT-001,PF1ABCDE,ThinkPad T14,Lenovo,Laptop,Deployed,Lisbon HQ,Lenovo Store,ana.silva@acme.example,2025-03-01,1200',
      'LT-002,PF1ABCDF,ThinkPad T14,Lenovo,Laptops,Ready to Deploy,lisbon hq,,,,',
      'LT-003,PF1ABCDG,ThinkPad T14,Lenovo,Spaceship,Deployed,Porto,,,2025-02-30,',
      'LT-004,PF1ABCDE,ThinkPad T14,Lenovo,Laptop,Deployed,,,,,',
      '"LT-005, spare","PF1ABCDH","ThinkPad ""X""",Lenovo,laptop,,,,nobody@acme.example,,',
    ].join('\n');
    const before = { assets: await count('assets'), audits: await count('audit_logs') };
    const dry = await importCsv('/assets/import', csv);
    expect(dry.applied).toBe(false);
    expect(dry.ignoredColumns).toEqual(['Purchase Cost']);
    expect(dry.summary).toEqual({ create: 2, update: 0, refuse: 3 });
    expect(dry.rows.map((r) => [r.line, r.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'refuse'],
      [5, 'refuse'],
      [6, 'refuse'],
    ]);
    // Each refusal names the CSV column and why.
    expect(dry.rows[2]?.errors.map((e) => e.path).sort()).toEqual(['Category', 'Location', 'Purchase Date']);
    expect(dry.rows[3]?.errors).toEqual([
      { path: 'Serial', message: 'named by an earlier row of this file' },
    ]);
    expect(dry.rows[4]?.errors).toEqual([
      { path: 'Email', message: 'no active record named "nobody@acme.example"' },
    ]);
    expect({ assets: await count('assets'), audits: await count('audit_logs') }).toEqual(before);

    const applied = await importCsv('/assets/import?dryRun=false', csv);
    expect(applied).toMatchObject({ applied: true, summary: { create: 2, update: 0, refuse: 3 } });
    expect(await count('assets')).toBe(before.assets + 2);
    expect(await count('audit_logs')).toBe(before.audits + 2);
    const listed = (await (await h.api(manager.key, 'GET', '/assets?q=PF1ABCDE')).json()) as {
      data: Record<string, unknown>[];
    };
    expect(listed.data[0]).toMatchObject({
      name: 'LT-001',
      assetType: 'computer',
      status: 'active',
      make: 'Lenovo',
      model: 'ThinkPad T14',
      serialNumber: 'PF1ABCDE',
      purchaseDate: '2025-03-01',
      assignedToUserId: owner.user.id,
    });

    // The same serial again is an update of that asset (ITFlow's headers this time).
    const again = await importCsv(
      '/assets/import?dryRun=false',
      'Name,Type,Serial,Notes\nLT-001,Laptop,pf1abcde,Battery swapped\n',
    );
    expect(again.rows).toEqual([{ line: 2, action: 'update', errors: [] }]);
    expect(await count('assets')).toBe(before.assets + 2);
    const updated = (await (await h.api(manager.key, 'GET', '/assets?q=PF1ABCDE')).json()) as {
      data: Record<string, unknown>[];
    };
    expect(updated.data[0]).toMatchObject({ notes: 'Battery swapped', assignedToUserId: owner.user.id });
  });

  it('imports users, vendors, locations and software licenses by their Snipe-IT and ITFlow columns', async () => {
    const people = await importCsv(
      '/users/import?dryRun=false',
      'First Name,Last Name,Email,Job Title,Role\nRui,Costa,rui.costa@acme.example,Designer,user\nEva,Lima,eva.lima@acme.example,CTO,admin\n',
    );
    // Only admins make admins: the second row is refused, the first written.
    expect(people.rows.map((r) => r.action)).toEqual(['create', 'refuse']);
    expect(people.rows[1]?.errors[0]?.message).toMatch(/admin/i);
    const vendors = await importCsv(
      '/vendors/import?dryRun=false',
      'Vendor Name,Contact Name,Website,Account Number\nNorthwind,Jo,https://northwind.example,A-1\n',
    );
    expect(vendors.summary).toEqual({ create: 1, update: 0, refuse: 0 });
    const locations = await importCsv(
      '/locations/import?dryRun=false',
      'Location Name,City,Postal Code\nPorto Office,Porto,4000-001\n',
    );
    expect(locations.summary.create).toBe(1);
    const licenses = await importCsv(
      '/software-licenses/import?dryRun=false',
      'Name,Product Key,Seats,Supplier,Expiration Date\nFigma,ABC-123,10,Northwind,2027-01-31\nSketch,,-3,Northwind,\n',
    );
    expect(licenses.rows.map((r) => [r.action, r.errors.map((e) => e.path)])).toEqual([
      ['create', []],
      ['refuse', ['Seats']],
    ]);
    const figma = (await (await h.api(manager.key, 'GET', '/software-licenses?q=Figma')).json()) as {
      data: Record<string, unknown>[];
    };
    expect(figma.data[0]).toMatchObject({ seats: 10, expireDate: '2027-01-31' });
  });

  it('refuses what is not an import and lets only those who create records import them', async () => {
    const person = await build.user();
    expect((await post(person.key, '/assets/import', 'Name,Type\nx,Laptop\n')).status).toBe(403);
    for (const [body, type] of [
      ['{"name":"x"}', 'application/json'],
      ['', 'text/csv'],
      ['Name,Type\n"unterminated,Laptop\n', 'text/csv'],
    ] as const) {
      const res = await post(manager.key, '/assets/import', body, type);
      expect(res.status, body).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    expect((await post(manager.key, '/assets/import?dryRun=maybe', 'Name\nx\n')).status).toBe(400);
    expect((await post(manager.key, '/tickets/import', 'Subject\nx\n')).status).toBe(404);
  });

  it(
    'imports 10 000 rows with 2 % bad: the dry run names each bad row, the apply writes exactly the good ones',
    { timeout: 600_000 },
    async () => {
      const lines = ['Name,Category,Serial,Purchase Date'];
      const bad = new Set<number>();
      for (let i = 0; i < 10_000; i++) {
        // Every 50th row is bad, alternately a wrong category and an impossible date.
        if (i % 50 === 7) {
          bad.add(i + 2);
          lines.push(
            i % 100 === 7
              ? `Bulk ${i},Spaceship,BULK${i},2025-01-01`
              : `Bulk ${i},Laptop,BULK${i},2025-13-01`,
          );
        } else lines.push(`Bulk ${i},Laptop,BULK${i},2025-01-01`);
      }
      const csv = `${lines.join('\n')}\n`;
      const before = await count('assets');
      const started = performance.now();
      const dry = await importCsv('/assets/import', csv);
      const dryS = (performance.now() - started) / 1000;
      expect(dry.rows).toHaveLength(10_000);
      expect(dry.summary).toEqual({ create: 9_800, update: 0, refuse: 200 });
      expect(new Set(dry.rows.filter((r) => r.action === 'refuse').map((r) => r.line))).toEqual(bad);
      expect(await count('assets')).toBe(before);
      const applyStart = performance.now();
      const applied = await importCsv('/assets/import?dryRun=false', csv);
      const applyS = (performance.now() - applyStart) / 1000;
      console.log(
        `[csv import ${backend}] 10000 rows (200 bad): dry run ${dryS.toFixed(1)} s, apply ${applyS.toFixed(1)} s`,
      );
      expect(applied.summary).toEqual(dry.summary);
      expect(await count('assets')).toBe(before + 9_800);
    },
  );
});
