/** esbuild bundles imported CSS next to the script. */
declare module '*.css';
