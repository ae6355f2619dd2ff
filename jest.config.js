/** Four suites, each runnable alone: `npm run test:core`, `test:api`, `test:abuse`, `test:browser` (`npm test` runs all). */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] };
const project = (name) => ({
  displayName: name,
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: [`<rootDir>/test/${name}`],
  testMatch: ['**/*.test.ts'],
  transform,
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: [project('core'), project('api'), project('abuse'), project('browser')],
};
