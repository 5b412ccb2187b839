import { allFixtures } from "./fixture";
import { Replay } from "./replay";

/**
 * Upgrading pulumi-profiles never disturbs an existing stack. Every stack recorded by an earlier
 * release (test/upgrade/fixtures/<release>/<stack>/) is imported into a fresh local backend and
 * driven with this checkout's code through the real Pulumi CLI, as a user does after
 * `npm update pulumi-profiles`. A release that changes state adds its own fixture directories
 * (`bash test/upgrade/record.sh`) and nothing else.
 */
jest.setTimeout(900_000);

const fixtures = allFixtures();

it("finds the recorded fixtures", () => {
  expect(fixtures.map((f) => f.id)).toEqual(expect.arrayContaining(["0.1.0/twilio", "0.1.0/twosms-xml", "0.1.0/voximplant", "0.1.0/wavix-restore"]));
});

// Fixtures run side by side (jest starts concurrent tests together only within one describe
// block): each has its own emulators and backend, and the time goes to CLI processes.
it.concurrent.each(fixtures.map((f) => [f.id, f] as const))(
  "stack recorded by %s: previews clean, refreshes to the same state, destroys as its options say, and writes only a changed field",
  async (_id, fixture) => {
    const replay = await Replay.start(fixture);
    try {
      await replay.importRecorded();
      // The imported state, secrets decrypted: what every later step is compared with.
      const recorded = await replay.state();
      await replay.expectFilesHoldNoSecret();
      await replay.expectCleanPreview(recorded);
      await replay.expectStableRefresh(recorded);
      await replay.expectNoSecretInState("refresh");
      await replay.expectDestroyAsRecorded(recorded);

      await replay.importRecorded();
      await replay.expectOneFieldChange(recorded);
      await replay.expectNoSecretInState("an update");
    } finally {
      await replay.close();
    }
  },
);
