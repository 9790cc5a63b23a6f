// Standalone Workspace simulator:
//   npm run simulator -- --users 1000 [--port 4010] [--seed 1] [--faults 0.05] [--domain acme.example]
//                        [--chrome N] [--mobile N] [--groups N] [--licensed 0.9]
//                        [--key-file .helios/simulator/service-account.json] [--new-key]
// Prints its origin, writes the service account's key file (reused on the next start, so a key
// stored in Helios keeps working) and runs until Ctrl+C.
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './faults.ts';
import { readKeyFile, writeKeyFile } from './key-file.ts';
import { startSimulator } from './server.ts';

const USAGE = `Usage: npm run simulator -- [options]
  --users N          users in the generated directory (default 1000)
  --seed N           seed of the generated directory (default 1)
  --domain NAME      primary domain (default acme.example)
  --chrome N         Chrome OS devices (default users/2)
  --mobile N         mobile devices (default users/3)
  --groups N         groups (default max(10, users/50))
  --licensed SHARE   share of users with a Google-Apps license (default 0.9)
  --port N           port (default 4010; 0 = any free port)
  --host ADDRESS     address to listen on (default 127.0.0.1)
  --faults RATE      inject faults into this share of API requests (default 0)
  --fault-kinds K,…  ${FAULT_KINDS.join(',')} (default all)
  --key-file PATH    service-account key file (default .helios/simulator/service-account.json)
  --new-key          replace the key file with a new key
  --stdin-control    read scripted changes from stdin, one per line: "retitle SHARE" changes the
                     title of that share of users (evenly spread, logged as admin activity) and
                     answers "retitled N" (benchmarks of the incremental sync)
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        users: { type: 'string' },
        seed: { type: 'string' },
        domain: { type: 'string' },
        chrome: { type: 'string' },
        mobile: { type: 'string' },
        groups: { type: 'string' },
        licensed: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        faults: { type: 'string' },
        'fault-kinds': { type: 'string' },
        'key-file': { type: 'string' },
        'new-key': { type: 'boolean' },
        'stdin-control': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const rate = number(values.faults, 'faults') ?? 0;
  if (rate > 1) fail('--faults is a share within [0, 1]');
  const kinds = values['fault-kinds']?.split(',').map((k) => k.trim()) ?? [...FAULT_KINDS];
  for (const kind of kinds) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) fail(`Unknown fault kind: ${kind}`);
  }
  const seed = number(values.seed, 'seed') ?? 1;
  const keyFile = resolve(values['key-file'] ?? '.helios/simulator/service-account.json');
  const reused = values['new-key'] === true ? undefined : readKeyFile(keyFile);

  const started = performance.now();
  const simulator = await startSimulator({
    port: number(values.port, 'port') ?? 4010,
    host: values.host ?? '127.0.0.1',
    directory: {
      users: number(values.users, 'users') ?? 1000,
      seed,
      ...(values.domain === undefined ? {} : { domain: values.domain }),
      ...(values.chrome === undefined ? {} : { chromeDevices: number(values.chrome, 'chrome') }),
      ...(values.mobile === undefined ? {} : { mobileDevices: number(values.mobile, 'mobile') }),
      ...(values.groups === undefined ? {} : { groups: number(values.groups, 'groups') }),
      ...(values.licensed === undefined ? {} : { licensedShare: number(values.licensed, 'licensed') }),
    },
    ...(reused === undefined ? {} : { serviceAccountKey: reused }),
    ...(rate > 0 ? { faults: { rate, kinds: kinds as FaultKind[], seed } } : {}),
  });
  const key = simulator.serviceAccountKey();
  if (reused === undefined) writeKeyFile(keyFile, key);
  const { spec } = simulator.directory;
  const lines = [
    `Workspace simulator listening on ${simulator.origin} (ready in ${Math.round(performance.now() - started)} ms)`,
    `  directory: ${spec.users} users, ${spec.chromeDevices} Chrome OS devices, ${spec.mobileDevices} mobile devices, ${spec.groups} groups (seed ${spec.seed})`,
    `  domains:   ${spec.domains.map((d) => `${d.domainName}${d.isPrimary ? ' (primary)' : d.verified ? '' : ' (unverified)'}`).join(', ')}`,
    `  customer:  ${simulator.customerId}`,
    `  admin:     ${simulator.adminEmail}   (the subject for domain-wide delegation)`,
    `  key file:  ${keyFile}${reused === undefined ? ' (new)' : ' (reused)'}`,
    `  service account: ${key.client_email}`,
    rate > 0 ? `  faults:    ${rate * 100}% of API requests (${kinds.join(', ')})` : '  faults:    none',
    '',
    `Point Helios at it: HELIOS_GOOGLE_API_ORIGIN=${simulator.origin}, then PUT /settings/google with the`,
    `key file's JSON and admin ${simulator.adminEmail}. Ctrl+C stops.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  if (values['stdin-control'] === true) {
    let round = 0;
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      const [command, arg] = line.trim().split(/\s+/);
      if (command !== 'retitle') {
        process.stdout.write(`unknown command: ${line}\n`);
        return;
      }
      const share = Number(arg);
      const users = [...simulator.directory.users()].filter((u) => !u.isAdmin);
      const n = Math.floor(users.length * (Number.isFinite(share) ? Math.min(Math.max(share, 0), 1) : 0));
      round++;
      for (let k = 0; k < n; k++) {
        const user = users[Math.floor((k * users.length) / n)];
        if (user) simulator.changeTitle(user.email, `Retitled ${round}`);
      }
      process.stdout.write(`retitled ${n}\n`);
    });
  }

  const stop = () => {
    process.stdout.write('\nStopping the Workspace simulator…\n');
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
