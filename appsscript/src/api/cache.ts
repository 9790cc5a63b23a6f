// A few minutes of per-user caching (CacheService user cache) so reopening the same email or the
// homepage does not cost a round trip. Values are re-parsed on the way out; any cache failure is
// treated as a miss.
import type { z } from 'zod';

const MAX_VALUE_CHARS = 90_000;

function cache(): GasCache | null {
  try {
    return CacheService.getUserCache();
  } catch {
    return null;
  }
}

export function cacheGet<T>(key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const raw = cache()?.get(key.slice(0, 250));
    if (!raw) return undefined;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function cachePut(key: string, value: unknown, seconds: number): void {
  try {
    const raw = JSON.stringify(value);
    if (raw.length <= MAX_VALUE_CHARS) cache()?.put(key.slice(0, 250), raw, seconds);
  } catch {
    // a cache is an optimisation only
  }
}

export function cacheRemove(key: string): void {
  try {
    cache()?.remove(key.slice(0, 250));
  } catch {
    // ignore
  }
}
