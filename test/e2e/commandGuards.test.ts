import { HungCommandError, acknowledgeHang, takeUnacknowledgedHangs } from "../../scripts/pulumi-cli/commandGuards";
import { createStack } from "../../scripts/pulumi-cli/localStack";
import { wavixE2e as api } from "../support/apis";
import { programDirPerFile, sandboxPerFile } from "../support/fixtures";

/**
 * The deadline every createStack stack has (scripts/pulumi-cli/commandGuards.ts), through the
 * real CLI: a hung command is stopped, the stack unlocked for the next command, and the error
 * says whether a step of ours was running (never started over) or the engine waited on the program.
 */
jest.setTimeout(180_000);

const sandbox = sandboxPerFile();
const program = programDirPerFile("pulumi-profiles-guards-");

it("stops a hung command, unlocks the stack, tells a provider hang from a program hang, and reports each to the test", async () => {
  let hangProgram = false;
  const stack = await createStack({
    programDir: program.dir,
    stackName: "guarded",
    program: async () => {
      if (hangProgram) await new Promise(() => undefined);
      api.declare("profile", api.initial);
    },
    // The provider waits out a slow answer for a minute: longer than the deadline.
    env: { ...api.env(sandbox), PULUMI_PROFILES_TIMEOUT_MS: "60000" },
    config: api.config(sandbox),
    // Well above a command here on a loaded machine, well below the injected delay.
    deadlineMs: 20_000,
  });
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });

  // A read that never answers in time: the refresh step of the profile is running when stopped.
  sandbox.wavix.server.inject({ ...api.readRoute, delayMs: 120_000 });
  const stuck = await stack.refresh().catch((err: unknown) => err);
  sandbox.wavix.server.clearFaults();
  expect(stuck).toBeInstanceOf(HungCommandError);
  expect((stuck as HungCommandError).stepsRunning).toEqual(["refresh profile"]);
  expect((stuck as HungCommandError).retryable).toBe(false);
  expect(() => acknowledgeHang(stuck as HungCommandError)).toThrow(HungCommandError);

  // The stack is unlocked: the next command runs, and finds nothing to do.
  expect((await stack.up()).summary.resourceChanges).toEqual({ same: 2 });

  // A program that never registers its resources: no step runs, the engine waits on the program.
  hangProgram = true;
  const waiting = await stack.up().catch((err: unknown) => err);
  hangProgram = false;
  expect(waiting).toBeInstanceOf(HungCommandError);
  expect((waiting as HungCommandError).retryable).toBe(true);
  expect((waiting as HungCommandError).message).toContain("the engine was waiting on the program");

  // Unacknowledged, both would fail this test (test/support/failOnHang.ts); the matrices acknowledge the retryable one.
  acknowledgeHang(waiting as HungCommandError);
  expect(takeUnacknowledgedHangs()).toEqual([stuck]);
  expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
});
