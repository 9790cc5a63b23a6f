// The documentation module's public entry: what other modules may use of it (architecture.md).
export { canDocumentation, documentationListScope } from './policies/documentation.ts';
// Tickets register Drive attachments and uploads as files the same way POST /files does.
export { createUploadedFile, registerDriveFile } from './commands/files.ts';
// Records with attached files (tickets) serve their bytes the same way GET /files/:id/download does.
export { sendFile } from './routes/files.ts';
export { fileLocation } from './resources/files.ts';
