import { notifications } from '@mantine/notifications';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../../api.ts';

/**
 * A refused save: the API's per-field details go on their fields (the server validates with the
 * same schema, but it also knows what the browser cannot: duplicates, a key Google refused), and
 * the message itself goes to a notification so it is never lost.
 */
export function formError<T extends FieldValues>(
  setError: UseFormSetError<T>,
  error: Error,
  title: string,
): void {
  if (error instanceof ApiError) {
    for (const d of error.details) {
      const name = d.path.split('.')[0];
      if (name) setError(name as Path<T>, { message: d.message });
    }
  }
  notifications.show({ color: 'red', title, message: error.message });
}

/** `''` from an emptied field is "not given" to the API (optional fields reject empty strings). */
export const blankToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);

/** A date field's `YYYY-MM-DD` as the API's timestamp: the end of that day, local time. */
export const dateToTimestamp = (v: unknown): unknown =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? new Date(`${v}T23:59:59`).toISOString()
    : blankToUndefined(v);
