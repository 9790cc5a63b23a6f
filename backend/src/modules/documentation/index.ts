// The documentation module's public entry: what other modules may use of it (architecture.md).
export { canDocumentation, documentationListScope } from './policies/documentation.ts';
// Tickets register Drive attachments as files the same way POST /files does.
export { registerDriveFile } from './commands/files.ts';
// The mail module stores an email's attachments as files the way POST /files does.
export { createUploadedFile } from './commands/files.ts';
