// Logging for the script's owner (Apps Script's execution log / Cloud Logging). Never shown to the
// user; tolerant of hosts without a console (a bare node:vm context).
export function logError(...args: unknown[]): void {
  if (typeof console !== 'undefined') console.error(...args);
}

export function logInfo(...args: unknown[]): void {
  if (typeof console !== 'undefined') console.log(...args);
}
