// A certificate's domain was told twice and the two disagreed: `certificates.domain_id` (set on
// create, filtered on by `?domainId=`) and the `domain_certificates` junction (what
// `/certificates/:id/links` and `/domains/:id/links` show). A certificate made with a domainId had
// no junction row, so its links showed no domain.
//
// One source of truth from here on: `certificates.domain_id` is the certificate's primary domain,
// and the junction always holds a row for it (plus any other domains linked by hand, for
// multi-name certificates). The database keeps them in step for every writer (API, demo seeding,
// imports), so no code path can forget:
//   - setting or changing domain_id adds the junction row (and drops the previous primary's);
//   - linking a domain to a certificate without one makes it the primary;
//   - unlinking the primary promotes another linked domain, or clears domain_id.
// Deleting a domain still refuses while certificates name it (the FK), as before.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO domain_certificates (domain_id, certificate_id)
    SELECT domain_id, id FROM certificates WHERE domain_id IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`UPDATE certificates c SET domain_id = (
      SELECT min(dc.domain_id) FROM domain_certificates dc WHERE dc.certificate_id = c.id)
    WHERE c.domain_id IS NULL
      AND EXISTS (SELECT 1 FROM domain_certificates dc WHERE dc.certificate_id = c.id)`.execute(db);

  await sql`CREATE FUNCTION certificate_domain_to_link() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.domain_id IS NOT NULL AND OLD.domain_id IS DISTINCT FROM NEW.domain_id THEN
        DELETE FROM domain_certificates WHERE domain_id = OLD.domain_id AND certificate_id = NEW.id;
      END IF;
      IF NEW.domain_id IS NOT NULL THEN
        INSERT INTO domain_certificates (domain_id, certificate_id) VALUES (NEW.domain_id, NEW.id)
        ON CONFLICT DO NOTHING;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER certificates_domain_link AFTER INSERT OR UPDATE OF domain_id ON certificates
    FOR EACH ROW EXECUTE FUNCTION certificate_domain_to_link()`.execute(db);

  await sql`CREATE FUNCTION certificate_link_to_domain() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE certificates SET domain_id = NEW.domain_id WHERE id = NEW.certificate_id AND domain_id IS NULL;
      ELSIF EXISTS (SELECT 1 FROM domains WHERE id = OLD.domain_id) THEN
        -- (A domain being deleted is no longer visible here: its certificates keep naming it, and
        -- the foreign key refuses the delete as it always did.)
        UPDATE certificates SET domain_id = (
            SELECT min(domain_id) FROM domain_certificates WHERE certificate_id = OLD.certificate_id)
          WHERE id = OLD.certificate_id AND domain_id = OLD.domain_id;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER domain_certificates_primary AFTER INSERT OR DELETE ON domain_certificates
    FOR EACH ROW EXECUTE FUNCTION certificate_link_to_domain()`.execute(db);
  await sql`COMMENT ON COLUMN certificates.domain_id IS ${sql.lit('The primary domain; domain_certificates always holds a row for it (kept in step by triggers).')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER domain_certificates_primary ON domain_certificates`.execute(db);
  await sql`DROP FUNCTION certificate_link_to_domain()`.execute(db);
  await sql`DROP TRIGGER certificates_domain_link ON certificates`.execute(db);
  await sql`DROP FUNCTION certificate_domain_to_link()`.execute(db);
  await sql`COMMENT ON COLUMN certificates.domain_id IS NULL`.execute(db);
}
