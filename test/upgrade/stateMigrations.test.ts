import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { loadAdapter } from "../../provider/engine/registry";
import type { StateMigration } from "../../provider/engine/stateMigrations";
import { SandboxServer, WavixEmulator } from "../../sandbox";

/**
 * Where a state change between releases is absorbed: the adapter's stateMigrations run on
 * recorded state wherever it enters the engine. 0.1.0 needs none, so a hypothetical older
 * release stands in: it stored the time zone as `timezone` and the originals as `before`.
 */
const fromHypothetical: StateMigration = {
  until: "0.0.9",
  why: "state stored timezone and before; the engine reads time_zone and originals",
  migrate: ({ timezone, before, ...rest }) => ({
    ...rest,
    ...(timezone === undefined ? {} : { time_zone: timezone }),
    ...(before === undefined ? {} : { originals: before }),
  }),
};

const oldState = { first_name: "Jason", timezone: "Europe/Berlin", restoreOnDelete: true, before: { first_name: "Jason", time_zone: "Pacific/Wallis" } };
const program = { first_name: "Jason", time_zone: "Europe/Berlin", restoreOnDelete: true };

describe("state migrations", () => {
  let server: SandboxServer;
  let emulator: WavixEmulator;
  beforeEach(async () => {
    emulator = new WavixEmulator();
    emulator.profile.timezone = "Europe/Berlin";
    server = await SandboxServer.start(emulator);
  });
  afterEach(() => server.close());

  const lifecycle = (migrations: StateMigration[]) => {
    const l = new ProfileLifecycle({ ...loadAdapter("wavix"), stateMigrations: migrations });
    l.configure({ get: () => undefined }, { WAVIX_BASE_URL: server.url, WAVIX_API_KEY: emulator.apiKey });
    return l;
  };
  const puts = () => server.log({ method: "PUT" }).map((r) => JSON.parse(r.body) as unknown);

  it("diff compares the program with migrated state: an unchanged profile previews clean", async () => {
    expect(await lifecycle([fromHypothetical]).diff("profile", oldState, program)).toEqual({ changes: false });
    // Unmigrated, the old state looks like a profile whose time zone was never applied.
    expect(await lifecycle([]).diff("profile", oldState, program)).toEqual({ changes: true });
  });

  it("refresh stores the new shape, originals kept", async () => {
    const read = await lifecycle([fromHypothetical]).read("profile", oldState);
    expect(read.props).toMatchObject({ first_name: "Jason", time_zone: "Europe/Berlin", originals: oldState.before, restoreOnDelete: true });
    expect(read.props).not.toHaveProperty("timezone");
    expect(puts()).toEqual([]);
  });

  it("update writes only the field the program changed", async () => {
    await lifecycle([fromHypothetical]).update("profile", oldState, { ...program, first_name: "Ada" });
    expect(puts()).toEqual([{ first_name: "Ada" }]);
  });

  it("destroy restores the originals the old release remembered", async () => {
    await lifecycle([fromHypothetical]).delete("profile", oldState);
    expect(puts()).toEqual([{ time_zone: "Pacific/Wallis" }]);
    expect(emulator.profile.timezone).toBe("Pacific/Wallis");
  });
});
