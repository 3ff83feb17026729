import type { Config } from 'jest';

/**
 * One jest run over every package. Tests import packages by their public names
 * (`@llmobserve/context`); the mapper points those names at `src/` so coverage is
 * measured on the TypeScript sources. Type-checking is done by `tsc -b` before jest.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^@llmobserve/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  collectCoverageFrom: ['packages/*/src/**/*.ts', '!packages/*/src/**/*.d.ts'],
  coverageThreshold: {
    global: { lines: 90 },
  },
  coverageReporters: ['text-summary', 'lcov'],
  testTimeout: 30000,
};

export default config;
