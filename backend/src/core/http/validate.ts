import type { z } from 'zod';
import { toHttpError } from './error-handler.ts';

/**
 * Parses input with a shared zod schema. A failure throws the contract's 400 `validation_failed`
 * with one detail per field (`path`, `message`).
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw toHttpError(result.error) ?? result.error;
}
