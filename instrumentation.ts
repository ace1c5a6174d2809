// Runs once when a Next.js server starts, so bad configuration stops it at
// once, with a message naming the variable, rather than on a later request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartup } = await import("./lib/server/startup");
    await checkStartup();
  }
}
