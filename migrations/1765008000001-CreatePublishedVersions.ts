import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the public sees (services/publishedVersions.ts): each claim's last published version, in
 * tables shaped like `claims` and `evidence`, so a correction (PUBLISHED → REOPEN → IN_REVIEW)
 * leaves the published verdict and its evidence in view until the corrected one is approved. A
 * withdrawn (archived) published claim stays as a tombstone: withdrawn_at and withdrawn_reason.
 * Columns added to `claims` or `evidence` later must be added here too (a test compares them).
 */
export class CreatePublishedVersions1765008000001 implements MigrationInterface {
  name = 'CreatePublishedVersions1765008000001';

  async up(q: QueryRunner): Promise<void> {
    // Same columns, defaults and generated search vector as claims; no CHECKs or foreign keys of
    // its own: a row is only ever a copy of a claims row that passed them.
    await q.query(`CREATE TABLE public_claims (LIKE claims INCLUDING DEFAULTS INCLUDING GENERATED)`);
    await q.query(`
      ALTER TABLE public_claims
        ADD PRIMARY KEY (id),
        ADD FOREIGN KEY (id) REFERENCES claims (id) ON DELETE CASCADE,
        ADD COLUMN correction_in_progress boolean NOT NULL DEFAULT false,
        ADD COLUMN withdrawn_at timestamptz(3),
        ADD COLUMN withdrawn_reason text`);
    await q.query(`CREATE INDEX public_claims_search_idx ON public_claims USING gin (search_vector)`);
    await q.query(`CREATE INDEX public_claims_text_trgm_idx ON public_claims USING gin (text gin_trgm_ops)`);
    await q.query(`CREATE INDEX public_claims_created_idx ON public_claims (created_at DESC, id DESC) WHERE withdrawn_at IS NULL`);
    await q.query(`CREATE INDEX public_claims_published_idx ON public_claims (published_at DESC, id DESC) WHERE withdrawn_at IS NULL`);
    await q.query(`CREATE INDEX public_claims_claimant_idx ON public_claims (claimant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX public_claims_first_appearance_idx ON public_claims (first_appearance_id)`);
    await q.query(`CREATE INDEX public_claims_claimed_on_idx ON public_claims (claimed_on)`);

    // A claim's published evidence is replaced as a whole at each publication, in one statement
    // (delete and insert side by side), so no unique key on id: an index finds one piece.
    await q.query(`CREATE TABLE public_evidence (LIKE evidence INCLUDING DEFAULTS)`);
    await q.query(`ALTER TABLE public_evidence ADD FOREIGN KEY (claim_id) REFERENCES public_claims (id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX public_evidence_claim_idx ON public_evidence (claim_id, created_at, id)`);
    await q.query(`CREATE INDEX public_evidence_id_idx ON public_evidence (id)`);
    await q.query(`CREATE INDEX public_evidence_source_idx ON public_evidence (source_id) WHERE source_id IS NOT NULL`);

    // Backfill: claims published now. (A claim already reopened when this runs has only its
    // working copy; it returns to public view when its correction is approved, as before.)
    const columns = async (table: string) =>
      (
        (await q.query(
          `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
          [table],
        )) as { list: string }[]
      )[0]!.list;
    const claimColumns = await columns('claims');
    const evidenceColumns = await columns('evidence');
    await q.query(`INSERT INTO public_claims (${claimColumns}) SELECT ${claimColumns} FROM claims WHERE review_status = 'PUBLISHED'`);
    await q.query(
      `INSERT INTO public_evidence (${evidenceColumns}) SELECT ${evidenceColumns.replace(/(^|, )/g, '$1e.')} FROM evidence e
       JOIN public_claims p ON p.id = e.claim_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_evidence`);
    await q.query(`DROP TABLE public_claims`);
  }
}
