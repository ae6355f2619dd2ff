/** What bench/free-execution.ts prints once the server's executor is replaced, and at its first reused result (the bench checks for both). */
export const FREE_EXECUTION_ON = 'free execution: each document is executed once, and its result reused';
export const FREE_EXECUTION_REUSED = 'free execution: a result was reused';
