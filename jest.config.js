/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Transpile only: ts-jest's per-file type-check cost each worker about twice the CPU of the tests
  // themselves in the unit suites; `npm test` type-checks everything once with tsc instead.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  // A Pulumi command stopped as hung fails its test, whatever the test expected of it.
  setupFilesAfterEnv: ["<rootDir>/test/support/failOnHang.ts"],
  // e2e stacks drive the real CLI, which has its own per-step timeouts.
  testTimeout: 60_000,
  // Two cores: the e2e suite runs CLI processes of its own.
  maxWorkers: 2,
  // test/project runs whole Pulumi projects as concurrent tests: two at a time keep both cores busy.
  maxConcurrency: 2,
  // @pulumi/pulumi leaves protobuf globals behind; they are harmless between test files.
  testEnvironmentOptions: { globalsCleanup: "off" },
};
