import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./prisma/migration-adapter";

// Migrations need a session of their own (advisory lock, DDL): the unpooled URL.
const databaseUrl = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL;
// Prisma 6 resolves the schema's `url` even for `generate`, although the driver
// adapter below makes every connection; this placeholder is never dialled.
process.env.DATABASE_URL ??= "postgresql://unset.invalid/trax";

// Run migrate commands through `npm run prisma -- …` (scripts/prisma.ts): it
// points DATABASE_URL at the embedded database when none is configured.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    if (!databaseUrl) throw new Error("DATABASE_URL is not set: run `npm run prisma -- <command>` to use the embedded database");
    return migrationAdapter(databaseUrl);
  },
});
