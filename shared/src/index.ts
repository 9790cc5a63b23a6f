export * from './enums.ts';
export * from './errors.ts';
export * from './schemas/api-keys.ts';
export * from './schemas/audit-logs.ts';
export * from './schemas/common.ts';
export * from './schemas/me.ts';
