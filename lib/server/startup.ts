import { getEnv } from "./env";
import { prepareDummyHash } from "./password";

export async function checkStartup(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  await prepareDummyHash();
}
