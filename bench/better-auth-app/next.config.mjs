/** The peer app of `npm run bench`: two API routes, built from the repository's own node_modules. */
const config = {};
export default config;
