-- CreateIndex
CREATE INDEX "scenarios_library_id_tokenizer_method_id_idx" ON "scenarios"("library_id", "tokenizer_method", "id");

-- CreateIndex
CREATE INDEX "scenarios_tags_idx" ON "scenarios" USING GIN ("tags");
