-- Scenario summaries (issue 19): each scenario's headline outputs, kept on its own row so that a
-- write sets them in the same statement, and indexed per library for ordering and filtering.
ALTER TABLE "scenarios" ADD COLUMN "summary_flops" DOUBLE PRECISION;
ALTER TABLE "scenarios" ADD COLUMN "summary_cost_usd" DOUBLE PRECISION;
ALTER TABLE "scenarios" ADD COLUMN "summary_wall_clock_days" DOUBLE PRECISION;
ALTER TABLE "scenarios" ADD COLUMN "summary_gpu_days" DOUBLE PRECISION;
ALTER TABLE "scenarios" ADD COLUMN "summary_ratio_vs_gpt3" DOUBLE PRECISION;
ALTER TABLE "scenarios" ADD COLUMN "summary_hardware" TEXT;
ALTER TABLE "scenarios" ADD COLUMN "summary_stamp" TEXT;

-- The unfiltered count of a library's live scenarios, kept by the statement triggers below.
ALTER TABLE "libraries" ADD COLUMN "live_scenarios" INTEGER NOT NULL DEFAULT 0;
UPDATE "libraries" l SET "live_scenarios" = (SELECT count(*) FROM "scenarios" s WHERE s.library_id = l.id AND s.deleted_at IS NULL);

CREATE FUNCTION "scenarios_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE libraries l SET live_scenarios = l.live_scenarios + d.n
  FROM (SELECT library_id, count(*) AS n FROM new_rows WHERE deleted_at IS NULL GROUP BY library_id) d WHERE l.id = d.library_id;
  RETURN NULL;
END $$;

CREATE FUNCTION "scenarios_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE libraries l SET live_scenarios = l.live_scenarios - d.n
  FROM (SELECT library_id, count(*) AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY library_id) d WHERE l.id = d.library_id;
  RETURN NULL;
END $$;

CREATE FUNCTION "scenarios_count_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE libraries l SET live_scenarios = l.live_scenarios + d.n
  FROM (
    SELECT library_id, sum(n) AS n FROM (
      SELECT library_id, count(*) AS n FROM new_rows WHERE deleted_at IS NULL GROUP BY library_id
      UNION ALL
      SELECT library_id, -count(*) AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY library_id
    ) x GROUP BY library_id HAVING sum(n) <> 0
  ) d WHERE l.id = d.library_id;
  RETURN NULL;
END $$;

CREATE TRIGGER "scenarios_count_insert" AFTER INSERT ON "scenarios" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "scenarios_count_insert"();
CREATE TRIGGER "scenarios_count_delete" AFTER DELETE ON "scenarios" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "scenarios_count_delete"();
CREATE TRIGGER "scenarios_count_update" AFTER UPDATE ON "scenarios" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "scenarios_count_update"();

-- Text search over name, description and tags: one trigram index on one immutable expression.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION "scenario_search_text"(name TEXT, description TEXT, tags TEXT[]) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN name || E'\n' || coalesce(description, '') || E'\n' || array_to_string(tags, E'\n');
CREATE INDEX "scenarios_live_search_idx" ON "scenarios" USING GIN ("scenario_search_text"("name", "description", "tags") gin_trgm_ops) WHERE (deleted_at IS NULL);

-- Keyset orders of a library's live scenarios (RATIO_VS_GPT3 is FLOPs over a constant: it walks the FLOPs index).
CREATE INDEX "scenarios_live_library_id_created_at_id_idx" ON "scenarios"("library_id", "created_at", "id") WHERE (deleted_at IS NULL);
CREATE INDEX "scenarios_live_library_id_updated_at_id_idx" ON "scenarios"("library_id", "updated_at", "id") WHERE (deleted_at IS NULL);
CREATE INDEX "scenarios_live_library_id_flops_id_idx" ON "scenarios"("library_id", "summary_flops", "id") WHERE (deleted_at IS NULL);
CREATE INDEX "scenarios_live_library_id_cost_id_idx" ON "scenarios"("library_id", "summary_cost_usd", "id") WHERE (deleted_at IS NULL);
CREATE INDEX "scenarios_live_library_id_wall_clock_id_idx" ON "scenarios"("library_id", "summary_wall_clock_days", "id") WHERE (deleted_at IS NULL);
CREATE INDEX "scenarios_live_library_id_gpu_days_id_idx" ON "scenarios"("library_id", "summary_gpu_days", "id") WHERE (deleted_at IS NULL);
CREATE INDEX "scenarios_live_library_id_hardware_id_idx" ON "scenarios"("library_id", "summary_hardware", "id") WHERE (deleted_at IS NULL);
