import { execFileSync } from "node:child_process";

export function ss(args: string[]): string {
  return execFileSync("ss", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The loopback ports a process listens on, found from one of them (the app's HTTP port). */
export function listeningPortsOfProcessOn(port: number): number[] {
  const pid = /pid=(\d+),/.exec(ss(["-tlnpH", `sport = :${port}`]))?.[1];
  if (!pid) throw new Error(`no process listens on ${port}`);
  return ss(["-tlnpH"])
    .split("\n")
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]))
    .filter((found) => Number.isInteger(found) && found !== port);
}
