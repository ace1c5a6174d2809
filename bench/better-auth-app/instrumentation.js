/** The peer has nothing to start; without this file Turbopack takes the repository root's. */
export function register() {}
