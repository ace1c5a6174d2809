/**
 * `npm run dev`: brings the database up to date (the embedded PGlite unless
 * DATABASE_URL is set), seeds it with the catalogue and the demo user, then
 * starts Next's dev server.
 */
import { spawnSync } from "node:child_process";

function run(command: string, args: string[]): void {
  const { status } = spawnSync(command, args, { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
}

run("npm", ["run", "--silent", "db:migrate"]);
run("npm", ["run", "--silent", "db:seed", "--", "--demo-user"]);
run("npx", ["next", "dev", ...process.argv.slice(2)]);
