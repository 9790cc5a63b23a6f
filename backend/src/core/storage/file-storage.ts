import type { Readable } from 'node:stream';

/** What a storage backend reports after storing one upload. */
export interface StoredObject {
  /** Random name the bytes are kept under (never derived from the client's file name). */
  reference: string;
  /** Bytes written. */
  size: number;
}

/**
 * Where uploaded bytes live. Helios ships a disk implementation (storage/disk.ts); an S3-compatible
 * one only has to implement these three operations and pick its own `kind`, which prefixes
 * `files.storage_path` (`disk:<reference>`, later e.g. `s3:<key>`) so each row names its backend.
 */
export interface FileStorage {
  readonly kind: string;
  /** Streams the source into a new object under a fresh random reference. */
  put(source: Readable): Promise<StoredObject>;
  /** Opens an object for reading, or undefined when it does not exist. */
  get(reference: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** Removes an object; removing a missing one is not an error. */
  delete(reference: string): Promise<void>;
}

/** `files.storage_path` of an object held by this storage. */
export const storagePathOf = (storage: Pick<FileStorage, 'kind'>, reference: string): string =>
  `${storage.kind}:${reference}`;
