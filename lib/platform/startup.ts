import { getEnv } from "./env";

/** Stops the server at start on invalid configuration, with a message naming the variable. */
export function exitOnInvalidConfiguration(): void {
  try {
    getEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
