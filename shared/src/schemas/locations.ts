import { z } from 'zod';
import {
  customFieldsInput,
  longText,
  optionalText,
  optionalUrl,
  recordMeta,
  requiredText,
} from './fields.ts';

const locationFields = {
  name: requiredText(200),
  description: longText(),
  address: optionalText(200),
  city: optionalText(100),
  state: optionalText(100),
  zip: optionalText(20),
  country: optionalText(100),
  phone: optionalText(50),
  photoUrl: optionalUrl(500),
  notes: longText(),
  customFields: customFieldsInput(),
};

export const locationCreateSchema = z.object(locationFields).strict();
export const locationUpdateSchema = z.object(locationFields).partial().strict();

export const locationSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    address: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    zip: z.string().nullable(),
    country: z.string().nullable(),
    phone: z.string().nullable(),
    photoUrl: z.string().nullable(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof locationSchema>;
