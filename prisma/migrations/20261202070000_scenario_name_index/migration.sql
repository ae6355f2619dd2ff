-- The live scenarios of a library by name: an import's duplicate check (a scenario of the same name
-- and input already there) looks rows up by name, in batches, at any library size.

-- CreateIndex
CREATE INDEX "scenarios_live_library_id_name_id_idx" ON "scenarios"("library_id", "name", "id") WHERE (deleted_at IS NULL);
