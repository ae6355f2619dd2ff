import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate; migrate on a connected machine). The server itself reads
// DATABASE_URL or starts its embedded PostgreSQL; see src/db.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/flopscope' },
});
