import { getEnv, serverProblems } from "./env";

/** Stops the server at start on invalid configuration, with a message naming the variable. */
export function exitOnInvalidConfiguration(): void {
  try {
    const problems = serverProblems(getEnv());
    if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
