/** Re-renders bench/RESULTS.md from bench/out/last-run.json (after editing bench/NOTES.md), without re-running. */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "../test/support/constants";
import { renderResults, type Figures, type Machine } from "./report";

const { figures, machine } = JSON.parse(await readFile(path.join(ROOT, "bench/out/last-run.json"), "utf8")) as {
  figures: Figures;
  machine: Machine;
};
await writeFile(path.join(ROOT, "bench/RESULTS.md"), await renderResults(figures, machine));
