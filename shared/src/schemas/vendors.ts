import { z } from 'zod';
import {
  customFieldsInput,
  longText,
  optionalEmail,
  optionalText,
  optionalUrl,
  recordMeta,
  requiredText,
} from './fields.ts';

const vendorFields = {
  name: requiredText(200),
  description: longText(),
  contactName: optionalText(200),
  email: optionalEmail(),
  phone: optionalText(50),
  website: optionalUrl(500),
  address: optionalText(200),
  city: optionalText(100),
  state: optionalText(100),
  zip: optionalText(20),
  country: optionalText(100),
  accountNumber: optionalText(200),
  notes: longText(),
  customFields: customFieldsInput(),
};

export const vendorCreateSchema = z.object(vendorFields).strict();
export const vendorUpdateSchema = z.object(vendorFields).partial().strict();
export type VendorCreate = z.infer<typeof vendorCreateSchema>;

export const vendorSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    contactName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    address: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    zip: z.string().nullable(),
    country: z.string().nullable(),
    accountNumber: z.string().nullable(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Vendor' });
export type Vendor = z.infer<typeof vendorSchema>;
