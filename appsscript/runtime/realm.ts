// Values that cross into the add-on's node:vm context must look native there: an `Error` thrown by a
// fake must pass `e instanceof Error` inside the bundle, a Date must pass `instanceof Date`, and
// objects handed back must have the context's prototypes (zod and friends check them). A Realm makes
// such values; the host realm serves fakes used outside a vm.
import { runInContext, type Context } from 'node:vm';

export interface Realm {
  /** A deep copy of a JSON-compatible value, built from the realm's own Object/Array. */
  clone<T>(value: T): T;
  /** A Date of the realm. */
  date(ms: number): Date;
  /** An Error of the realm whose name is `name` (Apps Script's service errors print as "Exception: …"). */
  error(message: string, name?: string): Error;
}

export const hostRealm: Realm = {
  clone: <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)),
  date: (ms) => new Date(ms),
  error: (message, name = 'Exception') => {
    const error = new Error(message);
    error.name = name;
    return error;
  },
};

/** The realm of a contextified vm sandbox. */
export function contextRealm(context: Context): Realm {
  const parse = runInContext('JSON.parse', context) as (text: string) => unknown;
  const DateCtor = runInContext('Date', context) as DateConstructor;
  const ErrorCtor = runInContext('Error', context) as ErrorConstructor;
  return {
    clone: <T>(value: T): T => (value === undefined ? value : (parse(JSON.stringify(value)) as T)),
    date: (ms) => new DateCtor(ms),
    error: (message, name = 'Exception') => {
      const error = new ErrorCtor(message);
      error.name = name;
      return error;
    },
  };
}
