// Runs once when a Next.js server starts, so bad configuration stops it at
// once, with a message naming the variable, rather than on a later request.
// This is the one place that composes the layers at start-up.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidConfiguration } = await import("./lib/platform/startup");
    const { prepareDummyHash } = await import("./lib/auth/password");
    exitOnInvalidConfiguration();
    await prepareDummyHash();
  }
}
