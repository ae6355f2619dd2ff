-- Issue 18: libraries are deleted softly (deleteLibrary / restoreLibrary), and a version of a
-- scenario may carry its author's change note.

-- AlterTable
ALTER TABLE "libraries" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "scenario_revisions" ADD COLUMN "note" TEXT;
