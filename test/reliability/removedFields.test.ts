import { ProfileDriver } from "../support/driver";
import { sandboxPerFile } from "../support/fixtures";

/**
 * A field removed from the program stops being managed: it keeps its current value, leaves
 * state, and restoreOnDelete no longer writes it back. State, originals and restore agree.
 */
const sandbox = sandboxPerFile();

it("a field removed from the program is released: left as it is, out of state, not restored on destroy", async () => {
  const profile = sandbox.wavix.emulator.profile;
  const before = { first_name: profile.first_name, job_title: profile.job_title };
  const d = new ProfileDriver("wavix", sandbox.env);
  await d.up({ first_name: "Grace", job_title: "Lead", restoreOnDelete: true });
  sandbox.clearLogs();
  await d.up({ first_name: "Grace", restoreOnDelete: true });
  expect(sandbox.wavix.server.log({ method: "PUT" })).toHaveLength(0);
  expect(d.state).not.toHaveProperty("job_title");
  await d.destroy();
  const puts = sandbox.wavix.server.log({ method: "PUT" }).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  expect(puts).toEqual([{ first_name: before.first_name }]);
  expect(profile.job_title).toBe("Lead");
});
