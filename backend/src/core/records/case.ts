/** `warranty_expire_date` → `warrantyExpireDate`, `uri_2` → `uri2`. */
export const camelize = (column: string): string =>
  column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** `warrantyExpireDate` → `warranty_expire_date`, `uri2` → `uri_2` (the inverse of camelize). */
export const snakeize = (key: string): string =>
  key.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])([0-9]+)/g, '$1_$2');
