/**
 * LIKE/ILIKE patterns from user input. PostgreSQL's default escape character is the backslash, so
 * escaping `\`, `%` and `_` with it makes every character of the input match itself — a search for
 * `50%` finds "50%", not everything starting with "50".
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%text%`: rows containing `text` anywhere (case-insensitively with ILIKE). */
export const likePattern = (text: string): string => `%${escapeLike(text)}%`;
