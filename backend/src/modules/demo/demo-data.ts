// The demo organization as plain records: a pure, deterministic function of (today, domain), so the
// same input always yields the same demo and tests can compare two runs. Records point at each other
// by natural keys (emails, asset names, license names, tag names…); the query module turns those into
// ids while inserting. Nothing here touches the database, the clock or Math.random.
import type {
  AssetStatus,
  AssetType,
  LicenseType,
  ReplyType,
  Role,
  TagType,
  TicketPriority,
  TicketSource,
} from '@helios/shared';

export interface DemoInput {
  /** The moment the demo is generated for: every date and timestamp is relative to it. */
  today: Date;
  /** The organization's primary domain: users' emails and the main domain record use it. */
  domain: string;
}

export interface DemoDepartment {
  name: string;
  description: string;
  costCenter: string;
}

export interface DemoLocation {
  name: string;
  description: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  phone: string;
  notes: string | null;
}

export interface DemoVendor {
  name: string;
  description: string;
  contactName: string;
  email: string;
  phone: string;
  website: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  accountNumber: string;
  notes: string | null;
}

export interface DemoPerson {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  title: string;
  /** Department name, or null (the CEO and outside contacts). */
  department: string | null;
  /** Location name, or null (remote staff and outside contacts). */
  location: string | null;
  /** Email of the person's manager; null at the top of the org chart and for outside contacts. */
  manager: string | null;
  phone: string | null;
  mobile: string | null;
  isPrimary: boolean;
  isImportant: boolean;
  isBillingContact: boolean;
  isTechnicalContact: boolean;
  tags: string[];
}

export interface DemoTag {
  name: string;
  type: TagType;
  color: string;
}

export interface DemoAsset {
  name: string;
  type: AssetType;
  description: string;
  make: string;
  model: string;
  serialNumber: string;
  os: string | null;
  osVersion: string | null;
  adminUrl: string | null;
  purchaseDate: string;
  purchaseReference: string;
  warrantyExpireDate: string;
  installDate: string | null;
  physicalLocation: string | null;
  location: string | null;
  status: AssetStatus;
  isImportant: boolean;
  notes: string | null;
  /** Email of the person the asset is assigned to (personal devices only). */
  assignedTo: string | null;
  vendor: string | null;
  tags: string[];
}

export interface DemoLicense {
  name: string;
  description: string;
  version: string | null;
  licenseType: LicenseType;
  licenseKey: string | null;
  seats: number;
  purchaseDate: string;
  purchaseReference: string;
  expireDate: string | null;
  googleLicenseSku: string | null;
  vendor: string | null;
  notes: string | null;
  /** Emails of the people the license is assigned to. */
  users: string[];
  /** Names of the assets it is installed on. */
  assets: string[];
}

export interface DemoDomain {
  name: string;
  description: string;
  expireDate: string;
  ipAddress: string;
  nameservers: string;
  mailServers: string | null;
  txtRecords: string | null;
  registrar: string | null;
  webhost: string | null;
  dnshost: string | null;
  mailhost: string | null;
  isGoogleWorkspaceDomain: boolean;
  googleDomainVerified: boolean;
  notes: string | null;
}

export interface DemoCertificate {
  name: string;
  description: string;
  /** The host name(s) the certificate covers, as printed on it. */
  commonName: string;
  issuedBy: string;
  expireDate: string;
  /** Domain records it belongs to; the first becomes the certificate's own domain. */
  domains: string[];
  notes: string | null;
}

export interface DemoFolder {
  name: string;
  description: string;
}

export interface DemoDocument {
  name: string;
  description: string;
  folder: string;
  /** Rich text (HTML), as the editor stores it. */
  content: string;
  createdBy: string;
  createdAt: Date;
  assets: string[];
  vendors: string[];
}

export const DEMO_TICKET_STATUSES = [
  'New',
  'Open',
  'In progress',
  'Waiting on customer',
  'Resolved',
  'Closed',
] as const;
export type DemoTicketStatus = (typeof DEMO_TICKET_STATUSES)[number];

export interface DemoReply {
  author: string;
  type: ReplyType;
  body: string;
  timeSpentMinutes: number;
  createdAt: Date;
}

export interface DemoTicket {
  subject: string;
  details: string;
  category: string;
  priority: TicketPriority;
  source: TicketSource;
  status: DemoTicketStatus;
  createdBy: string;
  relatedUser: string | null;
  assignedTo: string | null;
  location: string | null;
  vendor: string | null;
  vendorTicketNumber: string | null;
  isOnsite: boolean;
  scheduledAt: Date | null;
  createdAt: Date;
  /** Asset names; the first is the ticket's related asset. */
  assets: string[];
  watchers: string[];
  tags: string[];
  feedback: { rating: number; comment: string } | null;
  /** In chronological order. */
  replies: DemoReply[];
}

export interface DemoData {
  departments: DemoDepartment[];
  locations: DemoLocation[];
  vendors: DemoVendor[];
  people: DemoPerson[];
  tags: DemoTag[];
  assets: DemoAsset[];
  licenses: DemoLicense[];
  domains: DemoDomain[];
  certificates: DemoCertificate[];
  folders: DemoFolder[];
  documents: DemoDocument[];
  /** In creation order (oldest first). */
  tickets: DemoTicket[];
}

// ---------------------------------------------------------------------------------------------
// Randomness and dates

/** mulberry32: a tiny seeded PRNG; good enough for plausible serial numbers and spreads. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  chars(alphabet: string, length: number): string;
}

function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    pick: (items) => item(items, int(0, items.length - 1)),
    shuffle(items) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [item(copy, j), item(copy, i)];
      }
      return copy;
    },
    chars(alphabet, length) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
      return out;
    },
  };
}

/** A value this file itself put in place; a miss is a bug here, not bad input. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo data: missing ${what}`);
  return value;
}

/** Indexes an array whose length the caller controls; a miss is a bug in this file. */
function item<T>(items: readonly T[], index: number): T {
  const value = items[index];
  if (value === undefined) throw new Error(`demo data: no item at index ${index}`);
  return value;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Date-only 'YYYY-MM-DD', `days` after today's UTC date (negative: before). */
function isoDate(today: Date, days: number): string {
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(base + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same calendar day `years` earlier or later ('YYYY-MM-DD' in and out). */
function shiftYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Static catalogue

const FIRST_NAMES: readonly string[] = (
  'Olivia Liam Emma Noah Ava Mateo Sophia Lucas Isabella Ethan Mia Aiden Amelia Diego Harper Kenji ' +
  'Evelyn Omar Abigail Ravi Chloe Samuel Zoe Daniel Nora Gabriel Leila Henry Aaliyah Jack Grace ' +
  'Tomas Hannah Wei Ines Julian Maya Kwame Elena Felix Naomi Owen Priya Miles Sofia Isaac Clara ' +
  'Andre Yuki Caleb Freya Marco Lucia Tariq Ruby Jonah Amara Victor Stella Ezra'
).split(' ');

const LAST_NAMES: readonly string[] = (
  'Nguyen Patel Garcia Kim Johnson Okafor Rossi Schmidt Tanaka Silva Cohen Walker Hughes Moreno ' +
  'Fischer Brooks Mendes Larsen Chen Dubois Khan Murphy Novak Alvarez Bennett Ito Jensen Mensah ' +
  'Park Romero Sullivan Torres Weber Yamamoto Andersen Baker Castillo Diaz Evans Foster Gupta ' +
  'Hansen Ibrahim Keller Lopez Meyer Nakamura Ortiz Price Quinn Reyes Santos Thompson Vargas Wagner ' +
  'Young Zhang Bauer Costa Flores'
).split(' ');

interface DepartmentPlan {
  name: string;
  description: string;
  costCenter: string;
  headTitle: string;
  staffTitles: readonly string[];
}

const IT = 'IT';
const ENGINEERING = 'Engineering';
const SALES = 'Sales';
const MARKETING = 'Marketing';
const FINANCE = 'Finance';
const PEOPLE = 'People & HR';
const OPERATIONS = 'Operations';
const SUPPORT = 'Customer Support';

const DEPARTMENT_PLANS: readonly DepartmentPlan[] = [
  {
    name: IT,
    description: 'Devices, accounts, network, SaaS and the helpdesk',
    costCenter: 'CC-110',
    headTitle: 'Head of IT',
    staffTitles: ['IT Support Specialist', 'Systems Administrator'],
  },
  {
    name: ENGINEERING,
    description: 'Builds and runs the product',
    costCenter: 'CC-200',
    headTitle: 'VP of Engineering',
    staffTitles: [
      'Engineering Manager',
      'Staff Engineer',
      'Senior Software Engineer',
      'Senior Software Engineer',
      'Software Engineer',
      'Software Engineer',
      'Frontend Engineer',
      'DevOps Engineer',
      'QA Engineer',
      'Product Designer',
      'Software Engineer',
    ],
  },
  {
    name: SALES,
    description: 'New business and account management',
    costCenter: 'CC-300',
    headTitle: 'VP of Sales',
    staffTitles: [
      'Senior Account Executive',
      'Account Executive',
      'Account Executive',
      'Account Executive',
      'Sales Development Representative',
      'Sales Development Representative',
      'Sales Engineer',
      'Sales Operations Analyst',
    ],
  },
  {
    name: MARKETING,
    description: 'Brand, content, campaigns and the website',
    costCenter: 'CC-310',
    headTitle: 'Head of Marketing',
    staffTitles: [
      'Product Marketing Manager',
      'Graphic Designer',
      'Content Marketing Manager',
      'Marketing Coordinator',
      'Brand Designer',
    ],
  },
  {
    name: FINANCE,
    description: 'Accounting, payroll, purchasing and budgets',
    costCenter: 'CC-400',
    headTitle: 'Chief Financial Officer',
    staffTitles: ['Controller', 'Accountant', 'Accounts Payable Specialist'],
  },
  {
    name: PEOPLE,
    description: 'Hiring, onboarding, benefits and people operations',
    costCenter: 'CC-410',
    headTitle: 'Head of People',
    staffTitles: ['HR Business Partner', 'Recruiter', 'People Operations Coordinator'],
  },
  {
    name: OPERATIONS,
    description: 'Office, facilities, warehouse and logistics',
    costCenter: 'CC-500',
    headTitle: 'Head of Operations',
    staffTitles: ['Office Manager', 'Warehouse Lead', 'Logistics Coordinator', 'Warehouse Associate'],
  },
  {
    name: SUPPORT,
    description: 'Helps customers succeed with the product',
    costCenter: 'CC-600',
    headTitle: 'Customer Support Lead',
    staffTitles: [
      'Senior Support Specialist',
      'Support Specialist',
      'Support Specialist',
      'Technical Support Engineer',
      'Support Specialist',
    ],
  },
];

/** Staff who work remotely, by department and position in the department's staff list. */
const REMOTE_STAFF: Record<string, readonly number[]> = {
  [ENGINEERING]: [2, 6, 9],
  [MARKETING]: [3],
  [SUPPORT]: [4],
};

const HQ = 'Headquarters';
const BRANCH = 'Austin Office';
const WAREHOUSE = 'Reno Warehouse';

const LOCATIONS: readonly DemoLocation[] = [
  {
    name: HQ,
    description: 'Main office: leadership, engineering, finance, people and the server room',
    address: '500 Harbor Street, Floor 4',
    city: 'San Francisco',
    state: 'CA',
    zip: '94105',
    country: 'United States',
    phone: '+1 415 555 0100',
    notes: 'Reception opens at 8:00. Server room is on floor 4 behind the kitchen; badge access for IT only.',
  },
  {
    name: BRANCH,
    description: 'Branch office: sales and customer support',
    address: '210 Congress Avenue, Suite 700',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
    country: 'United States',
    phone: '+1 512 555 0100',
    notes: 'Shared building; the landlord manages the lobby Wi-Fi, ours is on the 7th floor only.',
  },
  {
    name: WAREHOUSE,
    description: 'Warehouse and shipping',
    address: '1200 Logistics Way',
    city: 'Reno',
    state: 'NV',
    zip: '89502',
    country: 'United States',
    phone: '+1 775 555 0100',
    notes: 'Loading bay doors close at 17:00. Network cabinet is in the office mezzanine.',
  },
];

const AREA_CODES: Record<string, string> = { [HQ]: '415', [BRANCH]: '512', [WAREHOUSE]: '775' };

const GOOGLE = 'Google';
const DELL = 'Dell Technologies';
const APPLE = 'Apple';
const LENOVO = 'Lenovo';
const CLOUDFLARE = 'Cloudflare';
const NAMECHEAP = 'Namecheap';
const MICROSOFT = 'Microsoft';
const ZOOM = 'Zoom';
const ISP = 'Comcast Business';

interface VendorPlan extends Omit<DemoVendor, 'email' | 'accountNumber'> {
  emailDomain: string;
  emailLocal: string;
  accountPrefix: string;
}

// Vendors' mail domains end in .example so the demo can never email a real company.
const VENDOR_PLANS: readonly VendorPlan[] = [
  {
    name: GOOGLE,
    description: 'Google Workspace: mail, calendar, drive, identity',
    contactName: 'Google Workspace Support',
    emailLocal: 'workspace-support',
    emailDomain: 'google.example',
    phone: '+1 855 555 0101',
    website: 'https://workspace.google.com',
    address: '1600 Amphitheatre Parkway',
    city: 'Mountain View',
    state: 'CA',
    zip: '94043',
    country: 'United States',
    accountPrefix: 'C0',
    notes: 'Billing is monthly on the company card; support PIN is in the admin console.',
  },
  {
    name: DELL,
    description: 'Windows laptops and servers, ProSupport warranties',
    contactName: 'Marcus Reed',
    emailLocal: 'marcus.reed',
    emailDomain: 'dell.example',
    phone: '+1 800 555 0102',
    website: 'https://www.dell.com',
    address: '1 Dell Way',
    city: 'Round Rock',
    state: 'TX',
    zip: '78682',
    country: 'United States',
    accountPrefix: 'DL-',
    notes: 'Premier account; order through the Premier portal to get the negotiated prices.',
  },
  {
    name: APPLE,
    description: 'Macs and iPhones, Apple Business Manager, AppleCare for Business',
    contactName: 'Hannah Lee',
    emailLocal: 'hannah.lee',
    emailDomain: 'apple.example',
    phone: '+1 800 555 0103',
    website: 'https://www.apple.com/business/',
    address: 'One Apple Park Way',
    city: 'Cupertino',
    state: 'CA',
    zip: '95014',
    country: 'United States',
    accountPrefix: 'ABM-',
    notes: 'Devices bought through the business account enrol automatically in Apple Business Manager.',
  },
  {
    name: LENOVO,
    description: 'ThinkPad laptops, Premier Support',
    contactName: 'Lenovo Premier Support',
    emailLocal: 'premier-support',
    emailDomain: 'lenovo.example',
    phone: '+1 800 555 0104',
    website: 'https://www.lenovo.com',
    address: '8001 Development Drive',
    city: 'Morrisville',
    state: 'NC',
    zip: '27560',
    country: 'United States',
    accountPrefix: 'LNV-',
    notes: null,
  },
  {
    name: CLOUDFLARE,
    description: 'DNS, CDN and web application firewall',
    contactName: 'Cloudflare Support',
    emailLocal: 'support',
    emailDomain: 'cloudflare.example',
    phone: '+1 888 555 0105',
    website: 'https://www.cloudflare.com',
    address: '101 Townsend Street',
    city: 'San Francisco',
    state: 'CA',
    zip: '94107',
    country: 'United States',
    accountPrefix: 'CF-',
    notes: 'Pro plan on the main domain; the other zones are on the free plan.',
  },
  {
    name: NAMECHEAP,
    description: 'Domain registrar',
    contactName: 'Namecheap Support',
    emailLocal: 'support',
    emailDomain: 'namecheap.example',
    phone: '+1 888 555 0106',
    website: 'https://www.namecheap.com',
    address: '4600 East Washington Street, Suite 300',
    city: 'Phoenix',
    state: 'AZ',
    zip: '85034',
    country: 'United States',
    accountPrefix: 'NC-',
    notes: 'Auto-renew is on for the main domain only.',
  },
  {
    name: MICROSOFT,
    description: 'Microsoft 365 apps and Windows Server licensing',
    contactName: 'Microsoft Business Support',
    emailLocal: 'business-support',
    emailDomain: 'microsoft.example',
    phone: '+1 800 555 0107',
    website: 'https://www.microsoft.com',
    address: 'One Microsoft Way',
    city: 'Redmond',
    state: 'WA',
    zip: '98052',
    country: 'United States',
    accountPrefix: 'MS-',
    notes: null,
  },
  {
    name: ZOOM,
    description: 'Video meetings and conference rooms',
    contactName: 'Zoom Customer Success',
    emailLocal: 'success',
    emailDomain: 'zoom.example',
    phone: '+1 888 555 0108',
    website: 'https://www.zoom.com',
    address: '55 Almaden Boulevard, 6th Floor',
    city: 'San Jose',
    state: 'CA',
    zip: '95113',
    country: 'United States',
    accountPrefix: 'ZM-',
    notes: null,
  },
  {
    name: ISP,
    description: 'Internet service at the HQ and the warehouse (fiber + backup coax)',
    contactName: 'Priya Natarajan',
    emailLocal: 'priya.natarajan',
    emailDomain: 'comcast.example',
    phone: '+1 800 555 0109',
    website: 'https://business.comcast.com',
    address: '1701 John F Kennedy Boulevard',
    city: 'Philadelphia',
    state: 'PA',
    zip: '19103',
    country: 'United States',
    accountPrefix: '8155',
    notes: 'Outages: call the business line and quote the account number; 4-hour SLA on the fiber circuit.',
  },
];

/** Outside contacts who get a (contact-role) user record: the vendor people IT talks to by name. */
const VENDOR_CONTACTS = [
  { vendor: DELL, firstName: 'Marcus', lastName: 'Reed', title: 'Account Executive, Dell Technologies' },
  { vendor: APPLE, firstName: 'Hannah', lastName: 'Lee', title: 'Business Team Specialist, Apple' },
  {
    vendor: ISP,
    firstName: 'Priya',
    lastName: 'Natarajan',
    title: 'Enterprise Support Engineer, Comcast Business',
  },
] as const;

const TAGS: readonly DemoTag[] = [
  { name: 'vip', type: 'user', color: '#dc2626' },
  { name: 'remote', type: 'user', color: '#0ea5e9' },
  { name: 'loaner', type: 'asset', color: '#f59e0b' },
  { name: 'hardware', type: 'ticket', color: '#64748b' },
  { name: 'software', type: 'ticket', color: '#8b5cf6' },
  // Used on network gear and on network tickets alike, hence "general".
  { name: 'network', type: 'general', color: '#10b981' },
];

interface LaptopModel {
  make: string;
  model: string;
  vendor: string;
  os: string;
  osVersions: readonly string[];
  warrantyYears: number;
  serial: (rng: Rng) => string;
}

const UPPER_ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';

const dellTag = (rng: Rng) => rng.chars(UPPER_ALNUM, 7);
const lenovoSerial = (rng: Rng) => `PF${rng.chars(UPPER_ALNUM, 6)}`;
const appleSerial = (rng: Rng) => rng.chars(UPPER_ALNUM.replace(/[AEIOU]/g, ''), 10);

const MACOS = ['14.7.1', '15.1.1', '15.2'] as const;
const WINDOWS = ['23H2', '24H2'] as const;

const LAPTOPS = {
  macPro14: {
    make: 'Apple',
    model: 'MacBook Pro 14" (M3 Pro, 2023)',
    vendor: APPLE,
    os: 'macOS',
    osVersions: MACOS,
    warrantyYears: 3,
    serial: appleSerial,
  },
  macPro16: {
    make: 'Apple',
    model: 'MacBook Pro 16" (M3 Max, 2023)',
    vendor: APPLE,
    os: 'macOS',
    osVersions: MACOS,
    warrantyYears: 3,
    serial: appleSerial,
  },
  macAir: {
    make: 'Apple',
    model: 'MacBook Air 13" (M2, 2022)',
    vendor: APPLE,
    os: 'macOS',
    osVersions: MACOS,
    warrantyYears: 3,
    serial: appleSerial,
  },
  x1: {
    make: 'Lenovo',
    model: 'ThinkPad X1 Carbon Gen 11',
    vendor: LENOVO,
    os: 'Windows 11 Pro',
    osVersions: WINDOWS,
    warrantyYears: 3,
    serial: lenovoSerial,
  },
  t14: {
    make: 'Lenovo',
    model: 'ThinkPad T14 Gen 4',
    vendor: LENOVO,
    os: 'Windows 11 Pro',
    osVersions: WINDOWS,
    warrantyYears: 3,
    serial: lenovoSerial,
  },
  p1: {
    make: 'Lenovo',
    model: 'ThinkPad P1 Gen 6',
    vendor: LENOVO,
    os: 'Ubuntu',
    osVersions: ['22.04 LTS', '24.04 LTS'],
    warrantyYears: 3,
    serial: lenovoSerial,
  },
  latitude: {
    make: 'Dell',
    model: 'Latitude 7440',
    vendor: DELL,
    os: 'Windows 11 Pro',
    osVersions: WINDOWS,
    warrantyYears: 3,
    serial: dellTag,
  },
  xps: {
    make: 'Dell',
    model: 'XPS 13 Plus 9320',
    vendor: DELL,
    os: 'Windows 11 Pro',
    osVersions: WINDOWS,
    warrantyYears: 3,
    serial: dellTag,
  },
  precision: {
    make: 'Dell',
    model: 'Precision 5680',
    vendor: DELL,
    os: 'Ubuntu',
    osVersions: ['22.04 LTS', '24.04 LTS'],
    warrantyYears: 3,
    serial: dellTag,
  },
} satisfies Record<string, LaptopModel>;

/** Which laptops each department tends to get; repeats weight the draw. */
const LAPTOP_MIX: Record<string, readonly LaptopModel[]> = {
  [IT]: [LAPTOPS.x1, LAPTOPS.latitude, LAPTOPS.macPro14],
  [ENGINEERING]: [
    LAPTOPS.macPro14,
    LAPTOPS.macPro14,
    LAPTOPS.macPro16,
    LAPTOPS.p1,
    LAPTOPS.x1,
    LAPTOPS.precision,
    LAPTOPS.xps,
  ],
  [MARKETING]: [LAPTOPS.macPro14, LAPTOPS.macAir, LAPTOPS.macPro16],
  [SALES]: [LAPTOPS.latitude, LAPTOPS.t14, LAPTOPS.macAir, LAPTOPS.x1],
  [FINANCE]: [LAPTOPS.latitude, LAPTOPS.t14],
  [PEOPLE]: [LAPTOPS.macAir, LAPTOPS.t14],
  [OPERATIONS]: [LAPTOPS.t14, LAPTOPS.latitude],
  [SUPPORT]: [LAPTOPS.latitude, LAPTOPS.t14, LAPTOPS.macAir],
  executive: [LAPTOPS.macPro14],
};

const PHONES = [
  { make: 'Apple', model: 'iPhone 15 Pro', vendor: APPLE, os: 'iOS', osVersions: ['17.7', '18.1.1'] },
  { make: 'Apple', model: 'iPhone 15', vendor: APPLE, os: 'iOS', osVersions: ['17.7', '18.1.1'] },
  { make: 'Apple', model: 'iPhone 14', vendor: APPLE, os: 'iOS', osVersions: ['17.7', '18.1.1'] },
  { make: 'Google', model: 'Pixel 8', vendor: GOOGLE, os: 'Android', osVersions: ['14', '15'] },
  { make: 'Samsung', model: 'Galaxy S23', vendor: null, os: 'Android', osVersions: ['14'] },
] as const;

// ---------------------------------------------------------------------------------------------
// The generator

/** What every part of the generator draws on. */
interface Ctx {
  rng: Rng;
  today: Date;
  domain: string;
  /** Date-only 'YYYY-MM-DD', `days` after today (negative: before). */
  day: (days: number) => string;
  /** The moment `days` and `hours` before today. */
  ago: (days: number, hours?: number) => Date;
  /** A serial number that no other demo asset has. */
  uniqueSerial: (make: (rng: Rng) => string) => string;
  purchaseReference: (date: string) => string;
}

/** The domain's first label and the rest ('acme' and '.example' for 'acme.example'). */
function splitDomain(domain: string): { label: string; suffix: string } {
  const dot = domain.indexOf('.');
  return dot > 0
    ? { label: domain.slice(0, dot), suffix: domain.slice(dot) }
    : { label: domain, suffix: '.example' };
}

/** Builds the whole demo organization for `input`. Same input, same output. */
export function generateDemoData(input: DemoInput): DemoData {
  const { today, domain } = input;
  // A fixed seed: the demo should look the same on every installation, whatever its domain.
  const rng = createRng(0x4e110);
  const serials = new Set<string>();
  const ctx: Ctx = {
    rng,
    today,
    domain,
    day: (days) => isoDate(today, days),
    ago: (days, hours = 0) => new Date(today.getTime() - days * DAY_MS - hours * HOUR_MS),
    uniqueSerial(make) {
      for (;;) {
        const serial = make(rng);
        if (!serials.has(serial)) {
          serials.add(serial);
          return serial;
        }
      }
    },
    purchaseReference: (date) => `PO-${date.slice(0, 4)}-${rng.chars(DIGITS, 4)}`,
  };

  const vendors: DemoVendor[] = VENDOR_PLANS.map(({ emailDomain, emailLocal, accountPrefix, ...v }) => ({
    ...v,
    email: `${emailLocal}@${emailDomain}`,
    accountNumber: `${accountPrefix}${rng.chars(DIGITS, 8)}`,
  }));
  const org = buildPeople(ctx, vendors);
  const hardware = buildAssets(ctx, org);
  const licenses = buildLicenses(ctx, org, hardware);
  const { domains, certificates } = buildDomains(ctx);
  const { folders, documents } = buildDocuments(ctx, org);
  const tickets = buildTickets(ctx, org, hardware, licenses, certificates);

  return {
    departments: DEPARTMENT_PLANS.map((d) => ({
      name: d.name,
      description: d.description,
      costCenter: d.costCenter,
    })),
    locations: LOCATIONS.map((l) => ({ ...l })),
    vendors,
    people: org.people,
    tags: TAGS.map((t) => ({ ...t })),
    assets: hardware.assets,
    licenses,
    domains,
    certificates,
    folders,
    documents,
    tickets,
  };
}

/** The organization's people, and handles on the ones the other parts of the demo talk about. */
interface Org {
  /** Employees and the outside contacts. */
  people: DemoPerson[];
  /** The organization's own people, without outside contacts. */
  employees: DemoPerson[];
  ceo: DemoPerson;
  admin: DemoPerson;
  head: (department: string) => DemoPerson;
  /** The index-th person in the department's staff list (DEPARTMENT_PLANS order). */
  member: (department: string, index: number) => DemoPerson;
  inDepartment: (department: string) => DemoPerson[];
}

/** People and the org chart: a CEO, department heads reporting to the CEO, staff to their head. */
function buildPeople({ rng, domain }: Ctx, vendors: readonly DemoVendor[]): Org {
  const vendorDomain = new Map(VENDOR_PLANS.map((v) => [v.name, v.emailDomain]));
  const firstNames = rng.shuffle(FIRST_NAMES);
  const lastNames = rng.shuffle(LAST_NAMES);
  let nameIndex = 0;
  const nextName = () => {
    const name = { firstName: item(firstNames, nameIndex), lastName: item(lastNames, nameIndex) };
    nameIndex += 1;
    return name;
  };
  const nextExtension = new Map<string, number>();
  const deskPhone = (location: string | null): string | null => {
    if (location === null) return null;
    // 555-0100…0199 is the range reserved for fiction; 0100 itself is the location's main line.
    const n = (nextExtension.get(location) ?? 0) + 1;
    nextExtension.set(location, n);
    return `+1 ${AREA_CODES[location] ?? '415'} 555 01${String(n).padStart(2, '0')}`;
  };
  let mobileCount = 0;
  const mobileNumber = () => {
    mobileCount += 1;
    return `+1 628 555 01${String(mobileCount).padStart(2, '0')}`;
  };

  const people: DemoPerson[] = [];
  const addPerson = (p: Omit<DemoPerson, 'phone' | 'mobile'> & { hasMobile: boolean }): DemoPerson => {
    const { hasMobile, ...rest } = p;
    const person: DemoPerson = {
      ...rest,
      phone: deskPhone(p.location),
      mobile: hasMobile ? mobileNumber() : null,
    };
    people.push(person);
    return person;
  };
  const emailOf = (n: { firstName: string; lastName: string }) =>
    `${n.firstName}.${n.lastName}@${domain}`.toLowerCase();
  const base = {
    role: 'user' as Role,
    isPrimary: false,
    isImportant: false,
    isBillingContact: false,
    isTechnicalContact: false,
  };

  const ceoName = nextName();
  const ceo = addPerson({
    ...base,
    ...ceoName,
    email: emailOf(ceoName),
    title: 'Chief Executive Officer',
    department: null,
    location: HQ,
    manager: null,
    isImportant: true,
    hasMobile: true,
    tags: ['vip'],
  });

  const heads = new Map<string, DemoPerson>();
  for (const plan of DEPARTMENT_PLANS) {
    const isIt = plan.name === IT;
    const name = isIt ? { firstName: 'Alex', lastName: 'Admin' } : nextName();
    const vip = plan.name === FINANCE || plan.name === SALES;
    heads.set(
      plan.name,
      addPerson({
        ...base,
        ...name,
        email: isIt ? `admin@${domain}` : emailOf(name),
        role: isIt ? 'admin' : 'user',
        title: plan.headTitle,
        department: plan.name,
        location: plan.name === SUPPORT ? BRANCH : HQ,
        manager: ceo.email,
        isPrimary: isIt,
        isTechnicalContact: isIt,
        isBillingContact: plan.name === FINANCE,
        isImportant: vip,
        hasMobile: true,
        tags: vip ? ['vip'] : [],
      }),
    );
  }

  // Where staff sit, by department and position in the department's list; everyone else is at HQ.
  const staffLocation = (department: string, index: number): string | null => {
    if (REMOTE_STAFF[department]?.includes(index)) return null;
    if (department === SALES && index < 4) return BRANCH;
    if (department === SUPPORT) return BRANCH;
    if (department === OPERATIONS && index > 0) return WAREHOUSE;
    return HQ;
  };

  const staff = new Map<string, DemoPerson[]>();
  for (const plan of DEPARTMENT_PLANS) {
    const head = must(heads.get(plan.name), `head of ${plan.name}`);
    const members: DemoPerson[] = [];
    plan.staffTitles.forEach((title, index) => {
      const name = nextName();
      const location = staffLocation(plan.name, index);
      const isIt = plan.name === IT;
      // IT staff, sales reps and the warehouse lead carry a company phone.
      const hasMobile =
        isIt || (plan.name === SALES && index < 6) || (plan.name === OPERATIONS && index === 1);
      members.push(
        addPerson({
          ...base,
          ...name,
          email: emailOf(name),
          role: isIt ? 'manager' : 'user',
          title,
          department: plan.name,
          location,
          manager: head.email,
          hasMobile,
          tags: location === null ? ['remote'] : [],
        }),
      );
    });
    staff.set(plan.name, members);
  }
  const member = (department: string, index: number) => item(staff.get(department) ?? [], index);
  const head = (department: string) => must(heads.get(department), `head of ${department}`);
  const domainPeople = [...people];

  for (const contact of VENDOR_CONTACTS) {
    const vendor = must(
      vendors.find((v) => v.name === contact.vendor),
      contact.vendor,
    );
    people.push({
      ...base,
      email:
        `${contact.firstName}.${contact.lastName}@${vendorDomain.get(contact.vendor) ?? 'vendor.example'}`.toLowerCase(),
      firstName: contact.firstName,
      lastName: contact.lastName,
      role: 'contact',
      title: contact.title,
      department: null,
      location: null,
      manager: null,
      phone: vendor.phone,
      mobile: null,
      tags: [],
    });
  }

  return {
    people,
    employees: domainPeople,
    ceo,
    admin: head(IT),
    head,
    member,
    inDepartment: (department) => domainPeople.filter((p) => p.department === department),
  };
}

/** The devices the organization owns, and the ones the tickets talk about. */
interface Hardware {
  assets: DemoAsset[];
  /** Each employee's own laptop, by email. */
  laptopOf: ReadonlyMap<string, DemoAsset>;
  repairLaptop: DemoAsset;
  repairOwner: DemoPerson;
}

/** A laptop per person, phones for about a third, loaners, servers, printers and network gear. */
function buildAssets(ctx: Ctx, org: Org): Hardware {
  const { rng, day, domain, uniqueSerial, purchaseReference } = ctx;
  const { employees: domainPeople, ceo } = org;
  const handle = (p: DemoPerson) => `${p.firstName.charAt(0)}${p.lastName}`.toUpperCase();

  // Warranty end dates, in days from today: a handful inside the 45-day alert window and a couple
  // already past, so the expiry views and alerts have something to show on day one.
  const warrantyOrder = rng.shuffle(domainPeople.map((_, i) => i));
  const SOON = [4, 11, 19, 28, 39];
  const EXPIRED = [-23, -96];
  const warrantyDays = new Map<number, number>();
  warrantyOrder.forEach((personIndex, order) => {
    const days = SOON[order] ?? EXPIRED[order - SOON.length] ?? rng.int(70, 1000);
    warrantyDays.set(personIndex, days);
  });

  const assets: DemoAsset[] = [];
  const laptopOf = new Map<string, DemoAsset>();
  domainPeople.forEach((person, index) => {
    const mix =
      person === ceo ? LAPTOP_MIX.executive : (LAPTOP_MIX[person.department ?? ''] ?? LAPTOP_MIX[SALES]);
    const model = person === org.admin ? LAPTOPS.macPro14 : rng.pick(mix ?? []);
    const warranty = day(warrantyDays.get(index) ?? 365);
    const purchased = shiftYears(warranty, -model.warrantyYears);
    const laptop: DemoAsset = {
      name: `LT-${handle(person)}`,
      type: 'computer',
      description: `${person.firstName} ${person.lastName}'s laptop`,
      make: model.make,
      model: model.model,
      serialNumber: uniqueSerial(model.serial),
      os: model.os,
      osVersion: rng.pick(model.osVersions),
      adminUrl: null,
      purchaseDate: purchased,
      purchaseReference: purchaseReference(purchased),
      warrantyExpireDate: warranty,
      installDate: purchased,
      physicalLocation: person.location === null ? 'With the user (remote)' : null,
      location: person.location,
      status: 'active',
      isImportant: person.isImportant,
      notes: null,
      assignedTo: person.email,
      vendor: model.vendor,
      tags: [],
    };
    assets.push(laptop);
    laptopOf.set(person.email, laptop);
  });

  // Two staff laptops are away for repair: under warranty (the vendor fixes them) and Dell/Lenovo
  // (depot service). The first one's owner works on a loaner meanwhile.
  const leaders = new Set([
    ceo.email,
    ...domainPeople.filter((p) => p.manager === ceo.email).map((p) => p.email),
  ]);
  const inRepair = assets
    .filter((a) => a.make !== 'Apple' && a.warrantyExpireDate > day(60) && !leaders.has(a.assignedTo ?? ''))
    .slice(0, 2);
  for (const laptop of inRepair) {
    laptop.status = 'repair';
    laptop.notes = 'Sent to the vendor for depot repair.';
  }
  const repairLaptop = item(inRepair, 0);
  const repairOwner = must(
    org.people.find((p) => p.email === repairLaptop.assignedTo),
    'the owner of the laptop in repair',
  );

  const spareLaptop = (
    name: string,
    model: LaptopModel,
    purchasedDaysAgo: number,
    extra: Partial<DemoAsset>,
  ): DemoAsset => {
    const purchased = day(-purchasedDaysAgo);
    return {
      name,
      type: 'computer',
      description: 'Spare laptop from the IT pool',
      make: model.make,
      model: model.model,
      serialNumber: uniqueSerial(model.serial),
      os: model.os,
      osVersion: rng.pick(model.osVersions),
      adminUrl: null,
      purchaseDate: purchased,
      purchaseReference: purchaseReference(purchased),
      warrantyExpireDate: shiftYears(purchased, model.warrantyYears),
      installDate: purchased,
      physicalLocation: 'IT storage cabinet, HQ floor 4',
      location: HQ,
      status: 'storage',
      isImportant: false,
      notes: null,
      assignedTo: null,
      vendor: model.vendor,
      tags: ['loaner'],
      ...extra,
    };
  };
  assets.push(
    spareLaptop('LOANER-01', LAPTOPS.latitude, 400, {
      status: 'active',
      assignedTo: repairOwner.email,
      physicalLocation: null,
      location: repairOwner.location,
      notes: `On loan while ${repairLaptop.name} is in repair.`,
    }),
    spareLaptop('LOANER-02', LAPTOPS.macAir, 520, {}),
    spareLaptop(
      'LT-RETIRED-01',
      { ...LAPTOPS.latitude, model: 'Latitude 5490', osVersions: ['22H2'], os: 'Windows 10 Pro' },
      2000,
      {
        description: 'Retired laptop awaiting certified disposal',
        status: 'retired',
        tags: [],
        notes: 'Drive wiped (NIST 800-88 purge). Waiting for the e-waste pickup.',
      },
    ),
  );

  // Company phones for leadership, IT and the people who live on the phone.
  const phoneHolders = domainPeople.filter((p) => p.mobile !== null);
  for (const person of phoneHolders) {
    const model = rng.pick(PHONES);
    const purchased = day(-rng.int(60, 700));
    const serial = uniqueSerial((r) =>
      model.make === 'Apple'
        ? appleSerial(r)
        : `${model.make === 'Google' ? 'G' : 'R5C'}${r.chars(UPPER_ALNUM, 9)}`,
    );
    assets.push({
      name: `PH-${handle(person)}`,
      type: 'phone',
      description: `${person.firstName} ${person.lastName}'s company phone (${person.mobile ?? ''})`,
      make: model.make,
      model: model.model,
      serialNumber: serial,
      os: model.os,
      osVersion: rng.pick(model.osVersions),
      adminUrl: null,
      purchaseDate: purchased,
      purchaseReference: purchaseReference(purchased),
      warrantyExpireDate: shiftYears(purchased, model.make === 'Apple' ? 2 : 1),
      installDate: purchased,
      physicalLocation: null,
      location: person.location,
      status: 'active',
      isImportant: person.isImportant,
      notes: null,
      assignedTo: person.email,
      vendor: model.vendor,
      tags: [],
    });
  }

  const infrastructure = (
    a: Omit<DemoAsset, 'serialNumber' | 'purchaseReference' | 'installDate' | 'assignedTo' | 'status'> & {
      serial: (rng: Rng) => string;
    },
  ): DemoAsset => {
    const { serial, ...rest } = a;
    return {
      ...rest,
      serialNumber: uniqueSerial(serial),
      purchaseReference: purchaseReference(a.purchaseDate),
      installDate: a.purchaseDate,
      assignedTo: null,
      status: 'active',
    };
  };
  const fileServerBought = day(-790);
  const backupServerWarranty = day(36);
  const backupServerBought = shiftYears(backupServerWarranty, -3);
  const printerBought = day(-610);
  const austinPrinterBought = day(-300);
  const firewallBought = day(-520);
  const switchBought = day(-880);
  const apBought = day(-240);
  const hexSerial = (prefix: string) => (r: Rng) => `${prefix}${r.chars('0123456789ABCDEF', 12)}`;
  assets.push(
    infrastructure({
      name: 'SRV-FILE01',
      type: 'server',
      description: 'File and print server, Active Directory for the legacy ERP',
      make: 'Dell',
      model: 'PowerEdge R650xs',
      serial: dellTag,
      os: 'Windows Server',
      osVersion: '2022 Datacenter (21H2)',
      adminUrl: 'https://10.10.0.21',
      purchaseDate: fileServerBought,
      warrantyExpireDate: shiftYears(fileServerBought, 3),
      physicalLocation: 'Server room, rack A, U12',
      location: HQ,
      isImportant: true,
      notes: 'iDRAC on the admin URL. Nightly backup to SRV-BACKUP01 at 01:00.',
      vendor: DELL,
      tags: [],
    }),
    infrastructure({
      name: 'SRV-BACKUP01',
      type: 'server',
      description: 'Backup server (Proxmox Backup Server) for the file server and VMs',
      make: 'Dell',
      model: 'PowerEdge T550',
      serial: dellTag,
      os: 'Proxmox VE',
      osVersion: '8.2',
      adminUrl: 'https://10.10.0.22:8006',
      purchaseDate: backupServerBought,
      warrantyExpireDate: backupServerWarranty,
      physicalLocation: 'Server room, floor-standing next to rack A',
      location: HQ,
      isImportant: true,
      notes: 'ProSupport ends soon: renew or plan the replacement.',
      vendor: DELL,
      tags: [],
    }),
    infrastructure({
      name: 'PRN-HQ-2F',
      type: 'printer',
      description: 'Color multifunction printer (print, scan to Drive, fax)',
      make: 'HP',
      model: 'Color LaserJet Pro MFP 4301fdw',
      serial: (r) => `CNB${r.chars(UPPER_ALNUM, 7)}`,
      os: null,
      osVersion: null,
      adminUrl: 'http://10.10.20.15',
      purchaseDate: printerBought,
      warrantyExpireDate: shiftYears(printerBought, 3),
      physicalLocation: 'Floor 4, copy room',
      location: HQ,
      isImportant: false,
      notes: 'Toner: HP 220X. Scan-to-email uses the printer@ alias.',
      vendor: null,
      tags: [],
    }),
    infrastructure({
      name: 'PRN-AUS-01',
      type: 'printer',
      description: 'Color laser multifunction at the Austin front desk',
      make: 'Brother',
      model: 'MFC-L8900CDW',
      serial: (r) => `U6${r.chars(UPPER_ALNUM, 13)}`,
      os: null,
      osVersion: null,
      adminUrl: 'http://10.20.20.15',
      purchaseDate: austinPrinterBought,
      warrantyExpireDate: shiftYears(austinPrinterBought, 2),
      physicalLocation: 'Front desk',
      location: BRANCH,
      isImportant: false,
      notes: 'Toner: TN-436 high yield.',
      vendor: null,
      tags: [],
    }),
    infrastructure({
      name: 'FW-HQ-01',
      type: 'network_device',
      description: `HQ firewall and SSL VPN gateway (vpn.${domain})`,
      make: 'Fortinet',
      model: 'FortiGate 60F',
      serial: (r) => `FGT60F${r.chars(UPPER_ALNUM, 10)}`,
      os: 'FortiOS',
      osVersion: '7.4.4',
      adminUrl: 'https://10.10.0.1:8443',
      purchaseDate: firewallBought,
      warrantyExpireDate: shiftYears(firewallBought, 3),
      physicalLocation: 'Server room, rack A, U42',
      location: HQ,
      isImportant: true,
      notes: 'FortiCare + UTP bundle renews with the warranty.',
      vendor: null,
      tags: ['network'],
    }),
    infrastructure({
      name: 'SW-HQ-CORE',
      type: 'network_device',
      description: 'HQ core switch (PoE for access points and phones)',
      make: 'Ubiquiti',
      model: 'UniFi USW-Pro-48-PoE',
      serial: hexSerial('F4E2C6'),
      os: 'UniFi Switch firmware',
      osVersion: '7.1.26',
      adminUrl: `https://unifi.${domain}`,
      purchaseDate: switchBought,
      warrantyExpireDate: shiftYears(switchBought, 1),
      physicalLocation: 'Server room, rack A, U40',
      location: HQ,
      isImportant: true,
      notes: null,
      vendor: null,
      tags: ['network'],
    }),
    infrastructure({
      name: 'AP-WH-01',
      type: 'network_device',
      description: 'Warehouse Wi-Fi access point',
      make: 'Ubiquiti',
      model: 'UniFi U6 Pro',
      serial: hexSerial('E43883'),
      os: 'UniFi AP firmware',
      osVersion: '6.6.77',
      adminUrl: `https://unifi.${domain}`,
      purchaseDate: apBought,
      warrantyExpireDate: shiftYears(apBought, 1),
      physicalLocation: 'Loading bay, ceiling mount above door 3',
      location: WAREHOUSE,
      isImportant: false,
      notes: null,
      vendor: null,
      tags: ['network'],
    }),
  );

  return { assets, laptopOf, repairLaptop, repairOwner };
}

/** Software licenses, with who and what each is assigned to. */
function buildLicenses(ctx: Ctx, org: Org, hardware: Hardware): DemoLicense[] {
  const { rng, day, purchaseReference } = ctx;
  const { employees: domainPeople, ceo, head, member, inDepartment } = org;
  const { laptopOf } = hardware;
  const emails = (list: readonly DemoPerson[]) => list.map((p) => p.email);
  const everyone = emails(domainPeople);
  const laptopsOf = (list: readonly string[]) =>
    list.flatMap((email) => {
      const laptop = laptopOf.get(email);
      return laptop ? [laptop.name] : [];
    });
  const designer = must(
    inDepartment(ENGINEERING).find((p) => p.title === 'Product Designer'),
    'the product designer',
  );
  const adobeUsers = [...emails(inDepartment(MARKETING)), designer.email];
  const jetbrainsUsers = [
    ...emails(inDepartment(ENGINEERING).filter((p) => p !== designer)),
    member(IT, 1).email,
  ];
  const subscription = (
    l: Omit<
      DemoLicense,
      'licenseType' | 'licenseKey' | 'purchaseDate' | 'purchaseReference' | 'expireDate'
    > & {
      expiresInDays: number;
    },
  ): DemoLicense => {
    const { expiresInDays, ...rest } = l;
    const expire = day(expiresInDays);
    const purchased = shiftYears(expire, -1);
    return {
      ...rest,
      licenseType: 'subscription',
      licenseKey: null,
      purchaseDate: purchased,
      purchaseReference: purchaseReference(purchased),
      expireDate: expire,
    };
  };
  const serverLicenseBought = must(
    hardware.assets.find((a) => a.name === 'SRV-FILE01'),
    'SRV-FILE01',
  ).purchaseDate;
  return [
    subscription({
      name: 'Google Workspace Business Standard',
      description: 'Mail, calendar, Drive, Meet for every employee',
      version: null,
      seats: 55,
      expiresInDays: 143,
      googleLicenseSku: '1010020028',
      vendor: GOOGLE,
      notes: 'Annual plan, billed monthly. Add seats in the admin console before onboarding.',
      users: everyone,
      assets: [],
    }),
    subscription({
      name: 'Microsoft 365 Apps for business',
      description: 'Desktop Excel, Word and PowerPoint for the people who need the full apps',
      version: null,
      seats: 10,
      expiresInDays: 18,
      googleLicenseSku: null,
      vendor: MICROSOFT,
      notes: 'Renewal is manual: confirm the seat count with Finance first.',
      users: [...emails(inDepartment(FINANCE)), head(SALES).email, member(SALES, 7).email, org.admin.email],
      assets: [],
    }),
    subscription({
      name: 'Adobe Creative Cloud All Apps',
      description: 'Photoshop, Illustrator, InDesign, Premiere for marketing and design',
      version: '2025',
      seats: 5,
      expiresInDays: 160,
      googleLicenseSku: null,
      vendor: null,
      notes: 'Over-assigned: more people than seats. Buy seats or reclaim before the next true-up.',
      users: adobeUsers,
      assets: laptopsOf(adobeUsers),
    }),
    subscription({
      name: 'Slack Business+',
      description: 'Company chat',
      version: null,
      seats: 55,
      expiresInDays: 240,
      googleLicenseSku: null,
      vendor: null,
      notes: 'SSO through Google; guests are free.',
      users: everyone,
      assets: [],
    }),
    subscription({
      name: '1Password Business',
      description: 'Password manager for every employee, shared vaults per team',
      version: '8',
      seats: 60,
      expiresInDays: 33,
      googleLicenseSku: null,
      vendor: null,
      notes: 'Provisioned from Google through SCIM bridge.',
      users: everyone,
      assets: [],
    }),
    subscription({
      name: 'Zoom Workplace Pro',
      description: 'Meetings for customer-facing teams and leadership',
      version: null,
      seats: 20,
      expiresInDays: 205,
      googleLicenseSku: null,
      vendor: ZOOM,
      notes: null,
      users: [
        ...emails(inDepartment(SALES)),
        ...emails(inDepartment(SUPPORT)),
        ceo.email,
        head(PEOPLE).email,
        org.admin.email,
      ],
      assets: [],
    }),
    subscription({
      name: 'JetBrains All Products Pack',
      description: 'IDEs for engineering',
      version: '2024.3',
      seats: 12,
      expiresInDays: 300,
      googleLicenseSku: null,
      vendor: null,
      notes: 'Licenses are floating: revoke in the JetBrains account when someone leaves.',
      users: jetbrainsUsers,
      assets: laptopsOf(jetbrainsUsers),
    }),
    {
      name: 'Windows Server 2022 Datacenter',
      description: '16-core license for SRV-FILE01',
      version: '2022',
      licenseType: 'perpetual',
      licenseKey: Array.from({ length: 5 }, () => rng.chars(UPPER_ALNUM, 5)).join('-'),
      seats: 1,
      purchaseDate: serverLicenseBought,
      purchaseReference: purchaseReference(serverLicenseBought),
      expireDate: null,
      googleLicenseSku: null,
      vendor: MICROSOFT,
      notes: 'OEM license bought with the server.',
      users: [],
      assets: ['SRV-FILE01'],
    },
  ];
}

/** The organization's domains and TLS certificates. */
function buildDomains({ rng, domain, day }: Ctx): { domains: DemoDomain[]; certificates: DemoCertificate[] } {
  const { label, suffix } = splitDomain(domain);
  const marketingDomain = `get${label}${suffix}`;
  const statusDomain = `${label}-status${suffix}`;
  const verification = rng.chars('abcdefghijklmnopqrstuvwxyz0123456789_-', 43);
  const cloudflareNs = 'ada.ns.cloudflare.com\nrick.ns.cloudflare.com';
  const domains: DemoDomain[] = [
    {
      name: domain,
      description: 'Primary domain: Google Workspace mail and the company website',
      expireDate: day(210),
      ipAddress: '203.0.113.10',
      nameservers: cloudflareNs,
      mailServers: '1 smtp.google.com',
      txtRecords: [
        'v=spf1 include:_spf.google.com ~all',
        `v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}`,
        `google-site-verification=${verification}`,
      ].join('\n'),
      registrar: NAMECHEAP,
      webhost: CLOUDFLARE,
      dnshost: CLOUDFLARE,
      mailhost: GOOGLE,
      isGoogleWorkspaceDomain: true,
      googleDomainVerified: true,
      notes: 'Auto-renew on. DKIM key rotated yearly in the Google admin console.',
    },
    {
      name: marketingDomain,
      description: 'Campaign landing pages',
      expireDate: day(27),
      ipAddress: '203.0.113.20',
      nameservers: cloudflareNs,
      mailServers: null,
      txtRecords: 'v=spf1 -all',
      registrar: NAMECHEAP,
      webhost: CLOUDFLARE,
      dnshost: CLOUDFLARE,
      mailhost: null,
      isGoogleWorkspaceDomain: false,
      googleDomainVerified: false,
      notes: 'Auto-renew is OFF: Marketing decides each year whether to keep it.',
    },
    {
      name: statusDomain,
      description: 'Public status page',
      expireDate: day(400),
      ipAddress: '203.0.113.30',
      nameservers: cloudflareNs,
      mailServers: null,
      txtRecords: 'v=spf1 -all',
      registrar: NAMECHEAP,
      webhost: null,
      dnshost: CLOUDFLARE,
      mailhost: null,
      isGoogleWorkspaceDomain: false,
      googleDomainVerified: false,
      notes: null,
    },
  ];

  const vpnHost = `vpn.${domain}`;
  const vpnCertExpires = day(14);
  const certificates: DemoCertificate[] = [
    {
      name: `Wildcard *.${domain}`,
      description: 'Website, intranet apps and the Zoom Rooms portal',
      commonName: `*.${domain}`,
      issuedBy: 'Sectigo RSA Domain Validation Secure Server CA',
      expireDate: day(190),
      domains: [domain],
      notes: 'Bought for 1 year; the private key is in the vault.',
    },
    {
      name: vpnHost,
      description: 'SSL VPN on FW-HQ-01',
      commonName: vpnHost,
      issuedBy: "Let's Encrypt R11",
      expireDate: vpnCertExpires,
      domains: [domain],
      notes: 'Renewal is manual on the FortiGate (ACME is blocked by the admin-port policy).',
    },
    {
      name: marketingDomain,
      description: 'Landing pages (Cloudflare edge certificate)',
      commonName: `${marketingDomain}, *.${marketingDomain}`,
      issuedBy: 'Google Trust Services WE1',
      expireDate: day(70),
      domains: [marketingDomain],
      notes: 'Renewed automatically by Cloudflare.',
    },
    {
      name: `legacy-erp.${domain}`,
      description: 'Old ERP web front end on SRV-FILE01',
      commonName: `legacy-erp.${domain}`,
      issuedBy: 'DigiCert Global G2 TLS RSA SHA256 2020 CA1',
      expireDate: day(-9),
      domains: [domain],
      notes: 'Expired: the ERP is being retired, users were told to click through until then.',
    },
  ];

  return { domains, certificates };
}

/** Two folders of how-tos and checklists, written by the admin. */
function buildDocuments(
  { domain, ago }: Ctx,
  { admin }: Org,
): { folders: DemoFolder[]; documents: DemoDocument[] } {
  const { label } = splitDomain(domain);
  const vpnHost = `vpn.${domain}`;
  const HOWTO = 'How-to guides';
  const ONBOARDING = 'Onboarding & offboarding';
  const folders: DemoFolder[] = [
    { name: HOWTO, description: 'Step-by-step guides for everyday IT tasks' },
    { name: ONBOARDING, description: 'Checklists for people joining and leaving' },
  ];
  const documents: DemoDocument[] = [
    {
      name: 'Wi-Fi setup',
      description: 'Joining the staff and guest networks at every site',
      folder: HOWTO,
      content: [
        '<h1>Wi-Fi setup</h1>',
        `<p>Every site broadcasts two networks: <strong>${label}-staff</strong> for company devices and <strong>${label}-guest</strong> for visitors.</p>`,
        '<h2>Staff network</h2>',
        '<ol>',
        `<li>Choose <strong>${label}-staff</strong>.</li>`,
        '<li>Sign in with your Google Workspace email and password (WPA3-Enterprise).</li>',
        `<li>Accept the certificate if asked: it is issued to <em>radius.${domain}</em>.</li>`,
        '</ol>',
        '<h2>Guest network</h2>',
        '<p>The guest password changes on the first Monday of every month; it is in the vault under <em>Wi-Fi – Guest</em> and on the reception screen.</p>',
        '<h2>Warehouse</h2>',
        '<p>The loading bay is covered by AP-WH-01. If scanners drop off, note the time and door number in a ticket.</p>',
        `<p>Internet outages at a site: open a ticket and call ${ISP} (account number on the vendor page).</p>`,
      ].join('\n'),
      createdBy: admin.email,
      createdAt: ago(120),
      assets: ['AP-WH-01', 'SW-HQ-CORE'],
      vendors: [ISP],
    },
    {
      name: 'New hire onboarding checklist',
      description: 'Everything IT does before, on and after a first day',
      folder: ONBOARDING,
      content: [
        '<h1>New hire onboarding checklist</h1>',
        '<h2>One week before</h2>',
        '<ul>',
        '<li>People &amp; HR opens an onboarding ticket with name, title, manager, start date and location.</li>',
        '<li>Create the Google Workspace account in the right organizational unit; add to department groups.</li>',
        '<li>Check a Google Workspace seat is free (Software licenses → Google Workspace Business Standard).</li>',
        '<li>Assign a laptop from storage or order one (Dell / Lenovo Premier portal, Apple Business).</li>',
        '</ul>',
        '<h2>Day before</h2>',
        '<ul>',
        '<li>Enrol the laptop (Apple Business Manager / Windows Autopilot), install the base apps.</li>',
        '<li>Invite to Slack and 1Password; Zoom and Adobe only if the manager asked for them.</li>',
        '</ul>',
        '<h2>First day</h2>',
        '<ul>',
        '<li>Hand over the laptop, set up 2-step verification with the new hire, print backup codes.</li>',
        '<li>Walk through the Wi-Fi setup and VPN how-to documents.</li>',
        '</ul>',
      ].join('\n'),
      createdBy: admin.email,
      createdAt: ago(90),
      assets: [],
      vendors: [GOOGLE, APPLE],
    },
    {
      name: 'Printer guide',
      description: 'Adding the office printers and fixing the usual problems',
      folder: HOWTO,
      content: [
        '<h1>Printer guide</h1>',
        '<table>',
        '<tr><th>Printer</th><th>Where</th><th>Address</th></tr>',
        '<tr><td>PRN-HQ-2F (HP Color LaserJet Pro MFP 4301fdw)</td><td>HQ, floor 4 copy room</td><td>10.10.20.15</td></tr>',
        '<tr><td>PRN-AUS-01 (Brother MFC-L8900CDW)</td><td>Austin front desk</td><td>10.20.20.15</td></tr>',
        '</table>',
        '<h2>Adding a printer</h2>',
        '<p><strong>macOS:</strong> System Settings → Printers &amp; Scanners → Add Printer → pick it from the list (AirPrint).</p>',
        '<p><strong>Windows:</strong> Settings → Bluetooth &amp; devices → Printers &amp; scanners → Add device.</p>',
        '<h2>Paper jams</h2>',
        '<p>Open the front door, pull the jammed sheet towards you, never upwards. Repeated jams on color jobs usually mean the fuser is worn: open a ticket.</p>',
        '<h2>Scan to Drive</h2>',
        '<p>Choose <em>Scan → Email</em>, enter your address; the scan arrives as a PDF you can save to Drive.</p>',
      ].join('\n'),
      createdBy: admin.email,
      createdAt: ago(60),
      assets: ['PRN-HQ-2F', 'PRN-AUS-01'],
      vendors: [],
    },
    {
      name: 'VPN how-to',
      description: 'Reaching the file server and internal apps from outside the office',
      folder: HOWTO,
      content: [
        '<h1>VPN how-to</h1>',
        `<p>The VPN gateway is <strong>${vpnHost}</strong> (FortiGate FW-HQ-01). You need it for the file server and the legacy ERP, not for Google Workspace, Slack or Zoom.</p>`,
        '<ol>',
        '<li>Install <em>FortiClient VPN</em> 7.4 or later from Self Service (Mac) or Company Portal (Windows).</li>',
        `<li>Add a connection: type SSL-VPN, remote gateway <code>${vpnHost}</code>, port 443.</li>`,
        '<li>Sign in with your Google Workspace email; approve the 2-step prompt on your phone.</li>',
        '</ol>',
        '<h2>Troubleshooting</h2>',
        '<ul>',
        '<li><em>Credential or SSLVPN configuration is wrong (-7200)</em>: your client is older than 7.0; update it.</li>',
        '<li>Connected but no file shares: reconnect after switching from hotel/guest Wi-Fi that blocks DNS.</li>',
        '</ul>',
      ].join('\n'),
      createdBy: admin.email,
      createdAt: ago(30),
      assets: ['FW-HQ-01'],
      vendors: [],
    },
  ];

  return { folders, documents };
}

/** About three weeks of helpdesk tickets, oldest first. */
function buildTickets(
  ctx: Ctx,
  org: Org,
  hardware: Hardware,
  licenses: readonly DemoLicense[],
  certificates: readonly DemoCertificate[],
): DemoTicket[] {
  const { rng, today, domain, ago } = ctx;
  const { ceo, admin, head, member } = org;
  const { assets, laptopOf, repairLaptop, repairOwner } = hardware;
  const { label } = splitDomain(domain);
  const vpnHost = `vpn.${domain}`;
  const vpnCertExpires = must(
    certificates.find((c) => c.name === vpnHost),
    vpnHost,
  ).expireDate;
  const adobe = must(
    licenses.find((l) => l.name.startsWith('Adobe')),
    'the Adobe license',
  );
  // Replies never land after `today`: a reply "in the future" would look broken in the demo.
  const latest = today.getTime() - MINUTE_MS;
  const after = (from: Date, minutes: number) =>
    new Date(Math.min(from.getTime() + minutes * MINUTE_MS, latest));
  const reply = (
    created: Date,
    minutes: number,
    author: DemoPerson,
    type: ReplyType,
    body: string,
    timeSpentMinutes = 0,
  ): DemoReply => ({
    author: author.email,
    type,
    body,
    timeSpentMinutes,
    createdAt: after(created, minutes),
  });
  const it1 = member(IT, 0);
  const it2 = member(IT, 1);
  const newHire = member(ENGINEERING, 10);
  const salesRep = member(SALES, 1);
  const remoteEngineer = member(ENGINEERING, 2);
  const apClerk = member(FINANCE, 2);
  const brandDesigner = member(MARKETING, 4);
  const officeManager = member(OPERATIONS, 0);
  const warehouseLead = member(OPERATIONS, 1);
  const austinRep = member(SALES, 0);
  const remoteMarketer = member(MARKETING, 3);
  const salesOps = member(SALES, 7);
  const cfo = head(FINANCE);
  const hrHead = head(PEOPLE);
  const engHead = head(ENGINEERING);
  const marketingHead = head(MARKETING);
  const newHireLaptop = must(laptopOf.get(newHire.email), "the new hire's laptop");
  const remoteLaptop = must(laptopOf.get(remoteEngineer.email), "the remote engineer's laptop");
  const repPhone = assets.find((a) => a.assignedTo === salesRep.email && a.type === 'phone');
  const vendorCase = `${repairLaptop.vendor === DELL ? 'SR' : 'CS'}${rng.chars(DIGITS, 10)}`;

  const ticket = (
    t: Omit<DemoTicket, 'replies'> & { replies: (created: Date) => DemoReply[] },
  ): DemoTicket => ({
    ...t,
    replies: t.replies(t.createdAt),
  });
  const defaults = {
    assets: [],
    location: null,
    vendor: null,
    vendorTicketNumber: null,
    isOnsite: false,
    scheduledAt: null,
    watchers: [],
    tags: [],
    feedback: null,
  };

  const tickets: DemoTicket[] = [
    ticket({
      ...defaults,
      subject: `New hire: ${newHire.firstName} ${newHire.lastName}, ${newHire.title}, starts Monday`,
      details: `Hi IT,\n\n${newHire.firstName} ${newHire.lastName} joins Engineering on Monday as ${newHire.title}, reporting to ${engHead.firstName}. Please set up a laptop, Google account, Slack, 1Password and JetBrains.\n\nThanks,\n${hrHead.firstName}`,
      category: 'Onboarding',
      priority: 'medium',
      source: 'internal',
      status: 'Closed',
      createdBy: hrHead.email,
      relatedUser: newHire.email,
      assignedTo: admin.email,
      location: HQ,
      createdAt: ago(20, 3),
      assets: [newHireLaptop.name],
      watchers: [engHead.email],
      tags: ['software'],
      feedback: { rating: 5, comment: 'Everything was ready on day one, thank you!' },
      replies: (c) => [
        reply(
          c,
          120,
          admin,
          'internal',
          'Google account created in /Engineering, added to eng@ and all@. Slack, 1Password and JetBrains invites sent.',
          30,
        ),
        reply(
          c,
          26 * 60,
          it1,
          'public',
          `${newHireLaptop.name} (${newHireLaptop.model}) is enrolled and imaged. ${newHire.firstName} can pick it up at the IT desk on Monday at 9:00; we'll do 2-step verification together.`,
          60,
        ),
        reply(c, 27 * 60, hrHead, 'public', 'Perfect, thanks both!'),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Locked out: new phone, no 2-step verification codes',
      details: `${salesRep.firstName} called from the airport: switched phones over the weekend and can't get a Google prompt on the new one. Needs access before a customer call at 14:00.`,
      category: 'Access',
      priority: 'high',
      source: 'phone',
      status: 'Closed',
      createdBy: it1.email,
      relatedUser: salesRep.email,
      assignedTo: it1.email,
      location: salesRep.location,
      createdAt: ago(16, 5),
      assets: repPhone ? [repPhone.name] : [],
      feedback: { rating: 4, comment: 'Quick fix, I made my call.' },
      replies: (c) => [
        reply(
          c,
          15,
          it1,
          'public',
          `Verified it's you over a video call and read you a one-time backup code. You can now enrol the new phone under Security → 2-Step Verification; ${head(SALES).firstName} knows you may join the 14:00 call a few minutes late.`,
          15,
        ),
        reply(c, 40, salesRep, 'public', "I'm in, new phone enrolled. Thanks!"),
      ],
    }),
    ticket({
      ...defaults,
      subject: "Can't connect to the VPN from home",
      details:
        'FortiClient says "Credential or SSLVPN configuration is wrong (-7200)" since yesterday. I need the file server for the release notes archive.',
      category: 'Network',
      priority: 'medium',
      source: 'email',
      status: 'Resolved',
      createdBy: remoteEngineer.email,
      relatedUser: remoteEngineer.email,
      assignedTo: it2.email,
      createdAt: ago(12, 2),
      assets: [remoteLaptop.name, 'FW-HQ-01'],
      tags: ['network'],
      replies: (c) => [
        reply(
          c,
          50,
          it2,
          'public',
          'The firewall was upgraded on Sunday and no longer accepts FortiClient 6.x. Please install FortiClient 7.4 from Self Service and try again (see the VPN how-to).',
          20,
        ),
        reply(c, 180, remoteEngineer, 'public', 'Updated and it connects now, thanks!'),
        reply(
          c,
          200,
          it2,
          'internal',
          'Pushed FortiClient 7.4.0 to all remote Macs through MDM so the others do not hit this.',
          25,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: `Suspicious email "from ${ceo.firstName}" asking for gift cards`,
      details: `Got an email that looks like it's from ${ceo.firstName} ${ceo.lastName} asking me to buy gift cards for a client urgently. The address is ${ceo.firstName.toLowerCase()}.${ceo.lastName.toLowerCase()}@${label}-corp.example. Reported from Gmail with the add-on.`,
      category: 'Security',
      priority: 'urgent',
      source: 'addon',
      status: 'Resolved',
      createdBy: apClerk.email,
      relatedUser: apClerk.email,
      assignedTo: admin.email,
      createdAt: ago(9, 4),
      watchers: [ceo.email, cfo.email],
      replies: (c) => [
        reply(
          c,
          25,
          admin,
          'internal',
          `Lookalike domain ${label}-corp.example, display name spoofed. Blocked the domain in Gmail (Admin console → Spam, phishing and malware → Blocked senders) and removed 14 copies from mailboxes with the security investigation tool. Nobody replied.`,
          35,
        ),
        reply(
          c,
          40,
          admin,
          'public',
          'Thanks for reporting it: this was phishing. It has been removed from every mailbox and the sender is blocked. Never buy gift cards on an email request, whoever it seems to come from.',
          5,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Laptop battery swollen, trackpad lifting',
      details: `My laptop (${repairLaptop.name}) got hot yesterday and today the trackpad is bulging. It still works but I'm not comfortable using it.`,
      category: 'Hardware',
      priority: 'high',
      source: 'portal',
      status: 'In progress',
      createdBy: repairOwner.email,
      relatedUser: repairOwner.email,
      assignedTo: it1.email,
      location: repairOwner.location,
      vendor: repairLaptop.vendor,
      vendorTicketNumber: vendorCase,
      createdAt: ago(6, 6),
      assets: [repairLaptop.name, 'LOANER-01'],
      tags: ['hardware'],
      replies: (c) => [
        reply(
          c,
          60,
          it1,
          'public',
          `Please stop using it and keep it unplugged. I've moved your files and apps to LOANER-01; come by the IT desk, it's ready for you.`,
          30,
        ),
        reply(
          c,
          24 * 60,
          it1,
          'internal',
          `Opened ${repairLaptop.vendor ?? 'vendor'} case ${vendorCase} (battery swelling, warranty until ${repairLaptop.warrantyExpireDate}). Courier pickup booked; battery packed in the hazmat bag from the IT cabinet.`,
          15,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Floor 4 printer jams on every color job',
      details:
        'PRN-HQ-2F jams on almost every color print, black and white is fine. Paper is the usual 80 g from the supply room.',
      category: 'Printing',
      priority: 'low',
      source: 'portal',
      status: 'Open',
      createdBy: officeManager.email,
      relatedUser: officeManager.email,
      assignedTo: it2.email,
      location: HQ,
      isOnsite: true,
      createdAt: ago(4, 1),
      assets: ['PRN-HQ-2F'],
      watchers: [member(FINANCE, 0).email, member(ENGINEERING, 0).email],
      tags: ['hardware'],
      replies: (c) => [
        reply(
          c,
          180,
          it2,
          'internal',
          'Printer status page: fuser at 96% of rated life, 3 jam events today. Ordered the replacement fuser kit (RM2-1256), arrives Thursday.',
          10,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Adobe says "license limit reached"',
      details:
        'Illustrator signs me out with "Your plan has reached its license limit" since this morning. I have the brand refresh deadline on Friday.',
      category: 'Software',
      priority: 'medium',
      source: 'addon',
      status: 'Waiting on customer',
      createdBy: brandDesigner.email,
      relatedUser: brandDesigner.email,
      assignedTo: admin.email,
      createdAt: ago(3, 2),
      watchers: [marketingHead.email],
      tags: ['software'],
      replies: (c) => [
        reply(
          c,
          30,
          admin,
          'internal',
          `We own ${adobe.seats} Creative Cloud seats but ${adobe.users.length} people are assigned. Either buy ${adobe.users.length - adobe.seats} more seats or reclaim some; asked ${cfo.firstName} about the budget.`,
          15,
        ),
        reply(
          c,
          45,
          admin,
          'public',
          'Do you need the full suite, or only Illustrator and Photoshop? A single-app plan may be enough until we sort out the seat count.',
          5,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Scanners drop off the Wi-Fi at the loading bay',
      details: `${warehouseLead.firstName} reports the handheld scanners lose Wi-Fi near doors 3 and 4 several times an hour; shipments get scanned twice.`,
      category: 'Network',
      priority: 'high',
      source: 'phone',
      status: 'In progress',
      createdBy: it1.email,
      relatedUser: warehouseLead.email,
      assignedTo: it1.email,
      location: WAREHOUSE,
      isOnsite: true,
      scheduledAt: new Date(today.getTime() + 20 * HOUR_MS),
      createdAt: ago(2, 3),
      assets: ['AP-WH-01'],
      watchers: [head(OPERATIONS).email],
      tags: ['network'],
      replies: (c) => [
        reply(
          c,
          60,
          it1,
          'internal',
          'UniFi shows AP-WH-01 on channel 36 with heavy co-channel interference from the neighbour, and clients roaming to the office AP. Moved to channel 149 and lowered minimum RSSI; booked an onsite survey.',
          40,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Echo on Zoom calls in the Austin conference room',
      details:
        'Customers hear themselves on every call from the big conference room. Started after the room was rearranged last week.',
      category: 'Hardware',
      priority: 'medium',
      source: 'email',
      status: 'Open',
      createdBy: austinRep.email,
      relatedUser: austinRep.email,
      assignedTo: it2.email,
      location: BRANCH,
      vendor: ZOOM,
      createdAt: ago(1, 5),
      tags: ['hardware'],
      replies: (c) => [
        reply(
          c,
          120,
          it2,
          'public',
          'Is the speakerphone now closer to the TV speakers than before? If so, try muting the TV audio in the Zoom Rooms controller settings; I will check remotely tonight.',
          5,
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: `Certificate for ${vpnHost} expires on ${vpnCertExpires}`,
      details: `The ${vpnHost} certificate on FW-HQ-01 expires on ${vpnCertExpires}. After that FortiClient refuses to connect for everyone. Renew and install it on the FortiGate.`,
      category: 'Security',
      priority: 'medium',
      source: 'internal',
      status: 'Open',
      createdBy: admin.email,
      relatedUser: null,
      assignedTo: it2.email,
      createdAt: ago(1, 0),
      assets: ['FW-HQ-01'],
      tags: ['network'],
      replies: (c) => [
        reply(
          c,
          5,
          admin,
          'internal',
          'ACME cannot reach the admin port, so this is manual: certbot DNS challenge through Cloudflare, then import under System → Certificates.',
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Second monitor for my home office',
      details: 'Could I get a second monitor for working from home? I edit a lot of video for the blog.',
      category: 'Hardware',
      priority: 'low',
      source: 'portal',
      status: 'New',
      createdBy: remoteMarketer.email,
      relatedUser: remoteMarketer.email,
      assignedTo: null,
      createdAt: ago(0, 20),
      tags: ['hardware'],
      replies: (c) => [
        reply(
          c,
          10,
          remoteMarketer,
          'public',
          'A 27-inch with USB-C would be ideal, so one cable charges the laptop too.',
        ),
      ],
    }),
    ticket({
      ...defaults,
      subject: 'Access to the Finance shared drive',
      details: 'I need read access to "Finance – Forecasts" to build the quarterly pipeline report.',
      category: 'Access',
      priority: 'low',
      source: 'portal',
      status: 'New',
      createdBy: salesOps.email,
      relatedUser: salesOps.email,
      assignedTo: null,
      createdAt: ago(0, 3),
      watchers: [cfo.email],
      replies: (c) => [
        reply(
          c,
          30,
          it1,
          'internal',
          `Shared drive access to Finance needs ${cfo.firstName}'s approval first.`,
        ),
      ],
    }),
  ];
  tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return tickets;
}
