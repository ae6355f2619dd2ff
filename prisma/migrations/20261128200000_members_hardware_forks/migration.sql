-- CreateEnum
CREATE TYPE "LibraryRole" AS ENUM ('OWNER', 'EDITOR', 'VIEWER');

-- AlterTable
ALTER TABLE "scenarios" ADD COLUMN     "forked_from_id" UUID;

-- CreateTable
CREATE TABLE "library_members" (
    "library_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "LibraryRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "library_members_pkey" PRIMARY KEY ("library_id","user_id")
);

-- CreateTable
CREATE TABLE "library_hardware" (
    "id" UUID NOT NULL,
    "library_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fp32" DOUBLE PRECISION,
    "tf32" DOUBLE PRECISION,
    "bf16" DOUBLE PRECISION,
    "fp16" DOUBLE PRECISION,
    "fp8" DOUBLE PRECISION,
    "memory_gb" DOUBLE PRECISION,
    "tdp_watts" DOUBLE PRECISION,
    "price_per_gpu_hour" DOUBLE PRECISION,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "library_hardware_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "library_members_user_id_idx" ON "library_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "library_hardware_library_id_key_key" ON "library_hardware"("library_id", "key");

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_forked_from_id_fkey" FOREIGN KEY ("forked_from_id") REFERENCES "scenarios"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "library_members" ADD CONSTRAINT "library_members_library_id_fkey" FOREIGN KEY ("library_id") REFERENCES "libraries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "library_members" ADD CONSTRAINT "library_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "library_hardware" ADD CONSTRAINT "library_hardware_library_id_fkey" FOREIGN KEY ("library_id") REFERENCES "libraries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing libraries: their creators become owners.
INSERT INTO "library_members" ("library_id", "user_id", "role")
SELECT "id", "created_by_id", 'OWNER' FROM "libraries" WHERE "created_by_id" IS NOT NULL;
