// Standalone Graph simulator:
//   npm run simulator -- --microsoft --users 1000 [--port 4011] [--seed 1] [--domain acme.example]
//                        [--overlap 0.6] [--groups N] [--devices N] [--faults 0.05]
//                        [--dir .helios/simulator] [--new-secret]
// Serves HTTPS on loopback with a self-signed certificate (reused from --dir, so a process that
// trusts it through NODE_EXTRA_CA_CERTS keeps working), prints the tenant id, client id and
// secret, and runs until Ctrl+C.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTlsIdentity, readTlsIdentity, writeTlsIdentity } from './certificate.ts';
import { FAULT_KINDS, startGraphSimulator } from './server.ts';

const USAGE = `Usage: npm run simulator -- --microsoft [options]
  --users N          users in the generated tenant (default 1000)
  --seed N           seed (default 1; the same seed as the Workspace simulator shares its people)
  --domain NAME      the Workspace simulator's primary domain (default acme.example)
  --overlap SHARE    share of users who are also Workspace people (default 0.6)
  --groups N         groups (default max(5, users/20))
  --devices N        Intune managed devices (default users/2)
  --port N           port (default 4011; 0 = any free port)
  --faults RATE      inject 429/503/dropped connections into this share of Graph requests
  --dir PATH         where the certificate and client secret are kept (default .helios/simulator)
  --new-secret       replace the stored client secret
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

let values;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--microsoft'),
    options: {
      users: { type: 'string' },
      seed: { type: 'string' },
      domain: { type: 'string' },
      overlap: { type: 'string' },
      groups: { type: 'string' },
      devices: { type: 'string' },
      port: { type: 'string' },
      faults: { type: 'string' },
      dir: { type: 'string' },
      'new-secret': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (values.help === true) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const rate = number(values.faults, 'faults') ?? 0;
if (rate > 1) fail('--faults is a share within [0, 1]');
const dir = resolve(values.dir ?? '.helios/simulator');
const certFile = join(dir, 'microsoft-graph.crt');
const keyFile = join(dir, 'microsoft-graph.key');
const secretFile = join(dir, 'microsoft-client-secret');
let tls = readTlsIdentity(certFile, keyFile);
if (!tls) {
  tls = await createTlsIdentity();
  writeTlsIdentity(certFile, keyFile, tls);
}
const storedSecret =
  values['new-secret'] !== true && existsSync(secretFile)
    ? readFileSync(secretFile, 'utf8').trim()
    : undefined;
const seed = number(values.seed, 'seed') ?? 1;
const started = performance.now();
const sim = await startGraphSimulator({
  port: number(values.port, 'port') ?? 4011,
  tls,
  ...(storedSecret ? { clientSecret: storedSecret } : {}),
  tenant: {
    users: number(values.users, 'users') ?? 1000,
    seed,
    ...(values.domain === undefined ? {} : { domain: values.domain }),
    ...(values.overlap === undefined ? {} : { overlapShare: number(values.overlap, 'overlap') }),
    ...(values.groups === undefined ? {} : { groups: number(values.groups, 'groups') }),
    ...(values.devices === undefined ? {} : { devices: number(values.devices, 'devices') }),
  },
  ...(rate > 0 ? { faults: { rate, kinds: FAULT_KINDS, seed } } : {}),
});
if (!storedSecret) writeFileSync(secretFile, `${sim.clientSecret}\n`, { mode: 0o600 });
const c = sim.tenant.counts();
process.stdout.write(
  [
    `Graph simulator listening on ${sim.origin} (ready in ${Math.round(performance.now() - started)} ms)`,
    `  tenant:    ${c.users} users (${c.guests} guests, ${c.disabledUsers} disabled), ${c.groups} groups, ${c.skus} SKUs, ${c.devices} managed devices (seed ${seed})`,
    `  overlap:   ${Math.round(sim.tenant.spec.overlapShare * 100)} % of the users are Workspace people of ${sim.tenant.spec.domain}`,
    `  tenantId:  ${sim.tenantId}`,
    `  clientId:  ${sim.clientId}`,
    `  secret:    in ${secretFile}`,
    `  cert:      ${certFile}`,
    rate > 0 ? `  faults:    ${rate * 100} % of Graph requests` : '  faults:    none',
    '',
    `Point Helios at it: NODE_EXTRA_CA_CERTS=${certFile} HELIOS_MICROSOFT_LOGIN_ORIGIN=${sim.origin}`,
    `HELIOS_MICROSOFT_GRAPH_ORIGIN=${sim.origin}, then PUT /settings/microsoft with the tenant id, client id`,
    `and secret above. Ctrl+C stops.`,
    '',
  ].join('\n'),
);
const stop = () => {
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
