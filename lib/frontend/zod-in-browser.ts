import { z } from "zod";

// zod compiles object parsers with `new Function` when it may, and finds out by
// trying: in the browser, under a CSP without 'unsafe-eval', that try is a
// violation report on every page. Its interpreter does the same work without eval.
if (typeof window !== "undefined") z.config({ jitless: true });
