// Types for scripts/build-web.mjs (plain JavaScript so `prepare` runs on any node).
export function sourceHash(): string;
export function isCurrent(hash?: string): boolean;
/** Builds web/ into web/dist when its sources changed (or `force`); true when it built. */
export function buildWeb(options?: { force?: boolean; quiet?: boolean }): boolean;
