import { getEnv, serverProblems } from "./env";

/** Runs read, or stops the process with the configuration error's message, which names the variable. */
export function readConfigurationOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** Stops the server at start on invalid configuration, with a message naming the variable. */
export function exitOnInvalidConfiguration(): void {
  readConfigurationOrExit(() => {
    const problems = serverProblems(getEnv());
    if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  });
}
