/** What bench/free-execution-preload.ts prints (to stderr) at its first execution and its first reused result; the bench checks for both. */
export const FREE_EXECUTION_ON = 'free execution: graphql-js execute replaced, and called';
export const FREE_EXECUTION_REUSED = 'free execution: a result was reused';
