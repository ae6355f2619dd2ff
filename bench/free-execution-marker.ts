/** What bench/free-execution.ts prints once the server's executor is replaced (the bench checks for it). */
export const FREE_EXECUTION_ON = 'free execution: each document is executed once, and its result reused';
