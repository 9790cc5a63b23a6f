import type { Expression, Kysely, SqlBool } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import type { CsvImportSpec } from './csv-import.ts';
import type { TaggableTable } from './queries/tags.ts';

/** Tables that hold API resources (the generic record layer reads and writes these). */
export type RecordTable = keyof Database & string;

/** A row as the generic layer sees it: column name → value. */
export type Row = Record<string, unknown>;

export type RecordAction = 'read' | 'create' | 'update' | 'archive' | 'restore' | 'delete' | 'link';

/** Builds a SQL condition on the resource's table (aliased `r`) for one actor. */
export type ScopeCondition = (actor: Actor) => Expression<SqlBool>;

/** What a write is about to do to an existing record. */
export type RecordChange =
  { kind: 'update'; values: Row } | { kind: 'archive' } | { kind: 'restore' } | { kind: 'delete' };

export interface WriteContext {
  db: Kysely<Database>;
  actor: Actor;
  /** The stored row when updating (undefined on create). */
  existing: Row | undefined;
}

/**
 * Everything the generic record kit (queries, commands, routes, presenter in core/records) needs to
 * serve one resource. A module declares this for each of its resources; it never re-implements list,
 * get, create, update, archive, restore or delete.
 */
export interface ResourceDefinition {
  /** API path segment and links key, e.g. `software-licenses`. */
  name: string;
  table: RecordTable;
  /** `audit_logs.entity_type` and search result `type`, e.g. `software_license`. */
  entityType: string;
  createSchema: z.ZodType<Row>;
  updateSchema: z.ZodType<Row>;
  /**
   * The presented record, from shared/: the presenter builds exactly these fields (an allowlist, so
   * a new column never leaves the server until someone adds it here), `abilities` included.
   */
  responseSchema: z.ZodObject;
  /** Extra list filters (query string), and how they narrow the query. */
  listFilters?: {
    schema: z.ZodObject;
    apply: (filters: Row) => Expression<SqlBool>[];
  };
  /** Columns `q` searches (case-insensitive substring; trigram-indexed where the table is big). */
  searchColumns: string[];
  /** More that `q` finds beyond the columns (a condition on `r`), ORed with them. */
  searchAlso?: (q: string) => Expression<SqlBool>;
  /** Column shown as a record's title in links and search results. */
  titleColumn: string;
  /** Optional second line in links and search results. */
  subtitle?: (row: Row) => string | null;
  /** Body keys (camelCase) that reference other tables: checked to exist, be live and ours. */
  refs?: Record<string, RecordTable>;
  /** Columns clients may not set directly (derived or system-owned). */
  readOnly?: string[];
  /**
   * Write-only input keys (camelCase) that the module's own command turns into columns (a vault
   * secret): the kit never maps them, and refuses to write the resource without that command.
   */
  secretInputs?: readonly string[];
  /** The table has last_accessed_at, touched on GET /:id. */
  tracksAccess: boolean;
  /** The table has archived_at (archive and restore exist; lists filter on it). */
  archivable?: boolean;
  /** Sortable columns for `sort=` (non-null columns only, so keyset paging stays exact). */
  sortable: string[];
  /** Who may do what; `record` is the stored row with `linkedToActor` when computed. */
  can: (actor: Actor, action: RecordAction, record?: Row & { linkedToActor?: boolean }) => boolean;
  /** Abilities beyond the record kit's own (e.g. `reveal` on credentials), from the module's policies. */
  moreAbilities?: (actor: Actor, record: Row) => Record<string, boolean>;
  /** Which rows a list shows: all, none, or those matching the condition. */
  listScope: (actor: Actor) => 'all' | 'none' | ScopeCondition;
  /** Turns validated input into column values (beyond the camel→snake mapping), or throws a 4xx. */
  prepare?: (input: Row, ctx: WriteContext) => Promise<Row> | Row;
  /**
   * Guards an invariant that concurrent writes could break (the last live admin, a folder cycle):
   * runs first inside the write's transaction, before the row changes, so it can take a lock and
   * then check with what has committed — a check before the transaction races. Throws a 4xx to
   * refuse; the transaction then writes nothing.
   */
  guardWrite?: (
    trx: Kysely<Database>,
    organizationId: number,
    existing: Row,
    change: RecordChange,
  ) => Promise<void>;
  /** Importable from CSV (`POST /<name>/import`): the columns it takes and how rows find records. */
  csvImport?: CsvImportSpec;
  /** Presented with its live tags (`tags`, in the schema), which a list page reads in its own query. */
  tags?: TaggableTable;
  /** Adds computed fields to the presented record (e.g. seat counts); they must be in the schema. */
  extras?: (db: Kysely<Database>, rows: Row[]) => Promise<Map<number, Row>>;
}
