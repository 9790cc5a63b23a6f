// The Graph simulator's TLS certificate: msal-node refuses plain-http authorities
// (`authority_uri_insecure`), so the simulator serves HTTPS on loopback with a self-signed
// certificate made at start (Node has no X.509 generator of its own; `selfsigned` builds one).
// A client trusts it through NODE_EXTRA_CA_CERTS (a process started after the file exists) or, in
// the process that started the simulator, through tls.setDefaultCACertificates (trustCertificate).
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import tls from 'node:tls';
import { generate } from 'selfsigned';

export interface TlsIdentity {
  /** PEM certificate: what a client adds to its trusted CAs. */
  cert: string;
  /** PEM private key (the simulator's, of no value elsewhere). */
  key: string;
}

/** A certificate for 127.0.0.1 / localhost / ::1, valid for a year. */
export async function createTlsIdentity(): Promise<TlsIdentity> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Helios Graph simulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Reads a certificate and key written by writeTlsIdentity, or undefined when absent or unreadable. */
export function readTlsIdentity(certFile: string, keyFile: string): TlsIdentity | undefined {
  try {
    const identity = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
    // An expired certificate would only fail later, at the first handshake.
    const { validTo } = new X509Certificate(identity.cert);
    return Date.parse(validTo) > Date.now() + 86_400_000 ? identity : undefined;
  } catch {
    return undefined;
  }
}

export function writeTlsIdentity(certFile: string, keyFile: string, identity: TlsIdentity): void {
  mkdirSync(dirname(certFile), { recursive: true });
  writeFileSync(certFile, identity.cert, { mode: 0o644 });
  writeFileSync(keyFile, identity.key, { mode: 0o600 });
}

/**
 * Trusts the certificate in this process from now on (Node 22.19+/24.5+), beside the default CAs:
 * what NODE_EXTRA_CA_CERTS does for a process that starts after the file exists.
 */
export function trustCertificate(cert: string): void {
  const current = tls.getCACertificates('default');
  if (current.includes(cert)) return;
  tls.setDefaultCACertificates([...current, cert]);
}
