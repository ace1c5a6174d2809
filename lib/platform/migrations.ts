/**
 * The newest migration in prisma/migrations when this build was made. The
 * health check asks the database for it; a constant, because a deployed
 * function (Vercel's) has no prisma/ folder to read. test/health.test.ts fails
 * when a newer migration is added and this is not updated.
 */
export const LATEST_MIGRATION = "20261203000000_mfa";
