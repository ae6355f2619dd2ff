-- Keyset pages over the live, and over the soft-deleted, scenarios of a library (see the comments
-- on these indexes in schema.prisma): partial indexes, so each holds only the rows its listings read.

-- CreateIndex
CREATE INDEX "scenarios_live_library_id_id_idx" ON "scenarios"("library_id", "id") WHERE (deleted_at IS NULL);

-- CreateIndex
CREATE INDEX "scenarios_deleted_library_id_id_idx" ON "scenarios"("library_id", "id") WHERE (deleted_at IS NOT NULL);
