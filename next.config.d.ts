import type { NextConfig } from "next";

/** What next.config.js leaves out of every server trace (scripts/prune-traces.ts applies it to one more). */
export declare const NEVER_LOADED_IN_PRODUCTION: string[];
declare function nextConfig(phase: string): NextConfig;
export default nextConfig;
