import { z } from 'zod';
import { credentialCategories } from '../enums.ts';
import { idSchema } from './common.ts';
import {
  customFieldsInput,
  longText,
  optionalRef,
  optionalText,
  recordAbilitiesSchema,
  recordMeta,
  requiredText,
} from './fields.ts';

// Schemes a credential's address may use when it names one. Anything else with a scheme
// (javascript:, data:, vbscript:…) is refused: clients render these as links.
const URI_SCHEMES = [
  'http',
  'https',
  'ssh',
  'rdp',
  'vnc',
  'ftp',
  'ftps',
  'sftp',
  'smb',
  'telnet',
  'ldap',
  'ldaps',
];
const uriMessage = `expected a host (vpn.example.com, 10.0.0.1:8443) or a URL (${URI_SCHEMES.join(', ')})`;

/**
 * Where a credential is used: a URL, or just a host[:port] (VPN gateways, Wi-Fi SSIDs, servers),
 * which is why this is not a strict URL.
 */
const optionalCredentialUri = () =>
  z
    .string()
    .trim()
    .max(500)
    .refine((v) => {
      const match = /^([a-z][a-z0-9+.-]*):(.*)$/is.exec(v);
      if (!match) return true;
      const [, scheme = '', rest = ''] = match;
      if (/^\d+(\/|$)/.test(rest)) return true; // host:port, not a scheme
      return URI_SCHEMES.includes(scheme.toLowerCase());
    }, uriMessage)
    .nullable()
    .optional();

/**
 * A password to store (write-only). Not trimmed: spaces can be part of a password. `null` clears
 * the stored one; an empty string is refused so that clearing is always explicit.
 */
const passwordInput = () =>
  z.string().min(1, 'must not be empty (send null to remove the password)').max(1024).nullable().optional();

/**
 * A TOTP secret (write-only), base32 as services show it: case, spaces and `=` padding do not
 * matter and are normalized away. 16–103 characters (80–512 bits): some services issue 80-bit
 * secrets, and otplib's ceiling is 512 bits. Lengths that leave 1, 3 or 6 characters over a
 * multiple of 8 are no whole number of bytes, i.e. a character was lost in copying.
 */
export const otpSecretSchema = z
  .string()
  .max(200)
  .transform((v) => v.replace(/[\s=]/g, '').toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z2-7]*$/, 'expected a base32 secret (letters A–Z and digits 2–7)')
      .min(16, 'too short for an OTP secret: at least 16 base32 characters')
      .max(103, 'too long for an OTP secret: at most 103 base32 characters')
      .refine(
        (v) => ![1, 3, 6].includes(v.length % 8),
        'not a whole base32 secret (a character seems to be missing or extra)',
      ),
  );

const credentialFields = {
  name: requiredText(200),
  description: longText(),
  category: z.enum(credentialCategories).nullable().optional(),
  uri: optionalCredentialUri(),
  uri2: optionalCredentialUri(),
  username: optionalText(500),
  password: passwordInput(),
  otpSecret: otpSecretSchema.nullable().optional(),
  notes: longText(),
  isImportant: z.boolean().optional(),
  primaryUserId: optionalRef(),
  primaryAssetId: optionalRef(),
  folderId: optionalRef(),
  customFields: customFieldsInput(),
};

/** `POST /credentials`: `password` and `otpSecret` are accepted here and never sent back. */
export const credentialCreateSchema = z.object(credentialFields).strict();
/** `PATCH /credentials/:id`: a `password` that differs from the stored one moves `passwordChangedAt`. */
export const credentialUpdateSchema = z.object(credentialFields).partial().strict();
export type CredentialCreate = z.infer<typeof credentialCreateSchema>;
export type CredentialUpdate = z.infer<typeof credentialUpdateSchema>;

/** Extra filters of `GET /credentials`. */
export const credentialListFiltersSchema = z.object({
  category: z.enum(credentialCategories).optional(),
  folderId: idSchema.optional(),
  primaryUserId: idSchema.optional(),
  primaryAssetId: idSchema.optional(),
});

/** A credential as lists and gets send it: metadata only, secrets reduced to whether they exist. */
export const credentialSchema = z
  .object({
    ...recordMeta,
    abilities: recordAbilitiesSchema.extend({ reveal: z.boolean() }),
    name: z.string(),
    description: z.string().nullable(),
    category: z.enum(credentialCategories).nullable(),
    uri: z.string().nullable(),
    uri2: z.string().nullable(),
    username: z.string().nullable(),
    notes: z.string().nullable(),
    isImportant: z.boolean(),
    primaryUserId: z.number().int().nullable(),
    primaryAssetId: z.number().int().nullable(),
    folderId: z.number().int().nullable(),
    lastAccessedAt: z.string().nullable(),
    /** When the password was last set, changed or removed; null if it never was. */
    passwordChangedAt: z.string().nullable(),
    hasPassword: z.boolean(),
    hasOtp: z.boolean(),
  })
  .meta({ id: 'Credential' });
export type Credential = z.infer<typeof credentialSchema>;

/** `POST /credentials/:id/reveal` (staff only, audited every time). */
export const credentialRevealSchema = z
  .object({
    username: z.string().nullable(),
    password: z.string().nullable(),
    /** The TOTP code valid now (only when an OTP secret is stored). */
    otpCode: z.string().optional(),
    /** Seconds until `otpCode` expires. */
    otpExpiresIn: z.number().int().optional(),
  })
  .meta({ id: 'CredentialReveal' });
export type CredentialReveal = z.infer<typeof credentialRevealSchema>;
