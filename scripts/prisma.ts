/**
 * Runs the Prisma CLI against the migration URL (DIRECT_DATABASE_URL, else
 * DATABASE_URL) or, when neither is set outside production, against the
 * embedded PGlite database.
 *   npm run prisma -- migrate status
 */
import { databaseEnv, runPrismaCli, withMigrationDatabase } from "./database";

process.exitCode = await withMigrationDatabase(databaseEnv(), (url) => runPrismaCli(process.argv.slice(2), url));
