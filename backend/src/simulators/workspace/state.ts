// What the simulated Workspace remembers beyond the directory itself, for the writes the
// lifecycle makes: users' OAuth grants (tokens.list/delete), password changes and sign-outs,
// Data Transfer requests, licenses of products other than Google-Apps, Gmail settings, and a
// count of every write that succeeded (tests prove "never acted twice" with it).
import { createHash } from 'node:crypto';

export interface OAuthTokenRecord {
  clientId: string;
  displayText: string;
  scopes: string[];
  nativeApp: boolean;
  anonymous: boolean;
}

export interface TransferRecord {
  id: string;
  oldOwnerUserId: string;
  newOwnerUserId: string;
  applicationDataTransfers: {
    applicationId: string;
    applicationTransferParams: { key: string; value: string[] }[];
  }[];
  requestTime: number;
  /** The transfer reads as completed from then on. */
  completesAt: number;
}

/** The Data Transfer applications (applications.list): Google's ids and parameters. */
export const TRANSFER_APPLICATIONS = [
  {
    id: '55656082996',
    name: 'Drive and Docs',
    transferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }],
  },
  { id: '435070579839', name: 'Calendar', transferParams: [{ key: 'RELEASE_RESOURCES', value: ['TRUE'] }] },
  { id: '810260081642', name: 'Looker Studio', transferParams: [] },
] as const;

/** License products besides Google-Apps (whose SKU lives on the user record) and their SKUs. */
export const EXTRA_SKUS: Record<string, Record<string, string>> = {
  'Google-Vault': {
    'Google-Vault': 'Google Vault',
    'Google-Vault-Former-Employee': 'Google Vault - Former Employee',
  },
  '101034': {
    '1010340001': 'Google Workspace Enterprise Plus - Archived User',
    '1010340002': 'Google Workspace Business Plus - Archived User',
  },
};

export interface MailboxSettings {
  forwardingAddresses: Map<string, 'accepted' | 'pending'>;
  autoForwarding: { enabled: boolean; emailAddress?: string; disposition?: string };
  vacation: Record<string, unknown>;
  delegates: Map<string, 'accepted'>;
}

export class WorkspaceState {
  /** OAuth grants by user id. */
  readonly oauthTokens = new Map<string, OAuthTokenRecord[]>();
  /** Password changes by user id: a hash (tests check a mailed password against it), never the text. */
  readonly passwords = new Map<string, { sha256: string; setAt: number }>();
  /** users.signOut calls by user id. */
  readonly signOuts = new Map<string, number>();
  readonly transfers: TransferRecord[] = [];
  /** Licenses of the EXTRA_SKUS products, by user id: `${productId}/${skuId}`. */
  readonly extraLicenses = new Map<string, Set<string>>();
  readonly mailboxSettings = new Map<string, MailboxSettings>();
  /** How long a Data Transfer takes before it reads as completed (default at once). */
  transferLagMs = 0;
  /** Successful writes by `${method} ${path}`. */
  readonly writes = new Map<string, number>();
  #transferSeq = 0;

  setPassword(userId: string, password: string): void {
    this.passwords.set(userId, { sha256: sha256(password), setAt: Date.now() });
  }

  passwordMatches(userId: string, password: string): boolean {
    return this.passwords.get(userId)?.sha256 === sha256(password);
  }

  nextTransferId(): string {
    this.#transferSeq++;
    return `AKrEtIY${String(this.#transferSeq).padStart(8, '0')}`;
  }

  settingsOf(address: string): MailboxSettings {
    const key = address.toLowerCase();
    let settings = this.mailboxSettings.get(key);
    if (settings === undefined) {
      settings = {
        forwardingAddresses: new Map(),
        autoForwarding: { enabled: false },
        vacation: { enableAutoReply: false },
        delegates: new Map(),
      };
      this.mailboxSettings.set(key, settings);
    }
    return settings;
  }

  countWrite(method: string, path: string): void {
    const key = `${method} ${path}`;
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
