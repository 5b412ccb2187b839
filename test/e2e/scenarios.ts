import * as pulumi from "@pulumi/pulumi";
import type { RecordedRequest } from "../../sandbox";
import { createStack, exportStackEncrypted } from "../../scripts/pulumi-cli/localStack";
import { credentialsSeen, type E2eApi } from "../support/apis";
import { programDirPerFile, sandboxPerFile } from "../support/fixtures";
import { formsToScan, leaksIn, SCAN_ENCODINGS } from "../support/secrets";

/** The provider's own debug lines (PULUMI_PROFILES_DEBUG), as they reach the CLI output. */
const debugLinesIn = (text: string) => text.split("\n").filter((line) => line.includes("[pulumi-profiles] "));

/**
 * The real Pulumi CLI (preview, up, refresh, destroy, stack export) against the emulators,
 * one stack per scenario. Each API's test file calls this, so jest runs APIs in parallel.
 */
export function lifecycleScenarios(api: E2eApi): void {
  jest.setTimeout(600_000);

  const sandbox = sandboxPerFile();
  const program = programDirPerFile();

  function stackFor(api: E2eApi, scenario: string, desired: { inputs: Record<string, unknown> }, config = api.config(sandbox)) {
    return createStack({
      programDir: program.dir,
      stackName: `${api.name}-${scenario}`,
      program: async () => {
        api.declare("profile", desired.inputs);
      },
      // The provider's own debug log goes into the CLI output, which the scenarios scan for secrets.
      env: { ...api.env(sandbox), PULUMI_PROFILES_DEBUG: "1" },
      config,
    });
  }

  function output() {
    const text = { value: "" };
    return { text, onOutput: (s: string) => (text.value += s) };
  }

  describe(`${api.name} through the real Pulumi CLI`, () => {
    beforeEach(() => api.reset(sandbox));

    it("previews, applies only differing fields, no-ops, updates one field, survives key rotation, detects and repairs drift, and keeps secrets out of state", async () => {
      const desired = { inputs: api.initial };
      const stack = await stackFor(api, "lifecycle", desired);
      const seen: string[] = [];
      const watch = () => {
        const o = output();
        return { ...o, done: () => seen.push(o.text.value) };
      };

      // 1. preview on a new stack shows the create; up writes only what differs.
      const everything = output();
      const all = { onOutput: everything.onOutput };
      sandbox.clearLogs();
      const preview = await stack.preview(all);
      expect(preview.changeSummary).toEqual({ create: 2 });
      expect(api.writes(sandbox)).toHaveLength(0);
      let o = watch();
      const up = await stack.up({ onOutput: o.onOutput });
      o.done();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect(api.writes(sandbox)).toHaveLength(1);
      expect(api.writtenFields(api.writes(sandbox)[0]!)).toEqual(api.differing);

      // 2. a second up changes nothing and sends no write.
      sandbox.clearLogs();
      const again = await stack.up(all);
      expect(again.summary.resourceChanges).toEqual({ same: 2 });
      expect(api.writes(sandbox)).toHaveLength(0);

      // 3. one changed input: preview --diff names that field only; up sends one write with it.
      desired.inputs = api.change.inputs;
      o = watch();
      const diff = await stack.preview({ diff: true, onOutput: o.onOutput });
      o.done();
      expect(diff.changeSummary).toEqual({ same: 1, update: 1 });
      const changedLines = o.text.value.split("\n").filter((line) => /^\s+[~+-]\s+[\w.]+\s*:/.test(line) && !line.includes("__provider"));
      expect(changedLines).toHaveLength(1);
      expect(changedLines[0]).toContain(api.change.field);
      sandbox.clearLogs();
      await stack.up(all);
      expect(api.writes(sandbox)).toHaveLength(1);
      expect(api.writtenFields(api.writes(sandbox)[0]!)).toEqual(api.change.wire);

      // Rotating the credential changes no input: no diff. The old credential is revoked in the
      // emulator, so every later step proves the provider uses the new one, and only it.
      const retired = api.secrets(sandbox);
      const rotation = api.rotateCredential(sandbox);
      await stack.setAllConfig(rotation.config);
      sandbox.clearLogs();
      const rotated = await stack.preview({ expectNoChanges: true, ...all });
      expect(rotated.changeSummary).toEqual({ same: 2 });
      // refresh talks through the provider configuration recorded by the last up (Pulumi keeps
      // it in state), so one up, which sends nothing here, records the rotated credential.
      expect((await stack.up(all)).summary.resourceChanges).toEqual({ same: 2 });
      expect(api.requests(sandbox)).toHaveLength(0);
      const afterRotation: RecordedRequest[] = [];
      const keepRequests = () => afterRotation.push(...api.requests(sandbox));

      // 4. drift behind Pulumi's back: preview --refresh shows it and --expect-no-changes fails.
      const { field } = api.drift(sandbox);
      o = watch();
      await expect(stack.preview({ refresh: true, expectNoChanges: true, diff: true, onOutput: o.onOutput })).rejects.toThrow(/no changes were expected/);
      o.done();
      expect(o.text.value).toContain(field);
      await stack.refresh(all);
      const state = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/"));
      expect(state.inputs[field]).toEqual(api.current(sandbox, field));
      keepRequests();
      sandbox.clearLogs();
      await stack.up(all);
      expect(api.writes(sandbox)).toHaveLength(1);
      expect(api.current(sandbox, field)).toEqual(api.change.inputs[field]);
      keepRequests();
      // The rotated runs succeeded, and every request they sent carried the new credential.
      expect(afterRotation.length).toBeGreaterThanOrEqual(3);
      expect(afterRotation.filter((r) => !rotation.usesNewCredential(r)).map((r) => `${r.method} ${r.path}`)).toEqual([]);

      // 7. The secret scan. Every credential (old and rotated, and each token or JWT that crossed
      // the wire) and every secret input, in every encoding, must be absent from: the CLI output,
      // the provider's debug log within it, an encrypted `pulumi stack export`, and what a proxy
      // in front of the API would record (method and full URL of every request).
      const exported = await exportStackEncrypted(stack);
      expect(exported).toContain('"resources"');
      const secrets = [...new Set([...retired, ...api.secrets(sandbox), ...credentialsSeen(sandbox)])];
      const forms = formsToScan(secrets);
      const cliOutput = [...seen, everything.text.value].join("\n");
      const debugLines = debugLinesIn(cliOutput);
      const proxyLog = Object.values(sandbox.servers).flatMap((server) => server.accessLog);
      // The debug log did run and requests were made, so the scans have something to scan.
      expect(debugLines.length).toBeGreaterThan(0);
      expect(debugLines.join("\n")).toMatch(/\[pulumi-profiles\] (GET|POST|PUT) /);
      expect(proxyLog.length).toBeGreaterThan(0);
      expect({ "stack export": leaksIn(exported, forms) }).toEqual({ "stack export": [] });
      expect({ "CLI output": leaksIn(cliOutput, forms) }).toEqual({ "CLI output": [] });
      expect({ "proxy log": leaksIn(proxyLog.join("\n"), forms) }).toEqual({ "proxy log": [] });
      // Counts for the record (README, "Reliability and secrets").
      console.log(
        `secret scan, ${api.name}: ${proxyLog.length} requests (method + URL), ${debugLines.length} debug log lines in the CLI output, ` +
          `${cliOutput.split("\n").length} CLI output lines, 1 stack export; ${secrets.length} secrets × ${Object.keys(SCAN_ENCODINGS).length} encodings = ${forms.length} forms checked`,
      );
      const resource = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/"));
      // State carries the provider module twice per resource (inputs and outputs): it stays small.
      expect(resource.inputs.__provider.length).toBeLessThanOrEqual(1024);
      expect(resource.outputs.__provider).toBe(resource.inputs.__provider);

      // 6. destroy deletes an object the stack created; it forgets an adopted profile and leaves it as it is.
      sandbox.clearLogs();
      const id = resource.id as string;
      const before = api.current(sandbox, api.change.field);
      await stack.destroy();
      expect(api.writes(sandbox)).toHaveLength(0);
      if (api.exists) expect(api.exists(sandbox, id)).toBe(false);
      else expect(api.current(sandbox, api.change.field)).toEqual(before);
    });

    it("adopts a profile that already matches without writing, and restores the originals on destroy when asked", async () => {
      const matching = { inputs: api.matching(sandbox) };
      const adopt = await stackFor(api, "adopt", matching);
      sandbox.clearLogs();
      await adopt.up();
      if (api.adoptionWritesOnce) {
        expect(api.writes(sandbox)).toHaveLength(1);
        expect(api.writtenFields(api.writes(sandbox)[0]!)).toEqual(api.adoptionWritesOnce);
      } else {
        expect(api.writes(sandbox)).toHaveLength(0);
      }
      sandbox.clearLogs();
      await adopt.up();
      expect(api.writes(sandbox)).toHaveLength(0);
      expect((await adopt.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
      const adoptedId = (await adopt.exportStack()).deployment.resources.find((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/")).id as string;
      await adopt.destroy();
      expect(api.writes(sandbox)).toHaveLength(0);
      if (api.exists) expect(api.exists(sandbox, adoptedId)).toBe(true);

      const field = api.change.field;
      const restoreInputs = api.restoreInputs?.(sandbox) ?? api.change.inputs;
      const original = api.current(sandbox, field);
      const restore = await stackFor(api, "restore", { inputs: { ...restoreInputs, restoreOnDelete: true } });
      await restore.up();
      expect(api.current(sandbox, field)).toEqual(api.change.inputs[field]);
      sandbox.clearLogs();
      await restore.destroy();
      expect(api.writes(sandbox)).toHaveLength(1);
      expect(api.current(sandbox, field)).toEqual(original);
    });

    it("fails preview on an invalid value from stack config, naming the field, before any request", async () => {
      const { property, inputs } = api.invalid;
      // The program takes the value from stack config, as CI-managed programs do.
      const stack = await createStack({
        programDir: program.dir,
        stackName: `${api.name}-invalid`,
        program: async () => {
          api.declare("profile", { ...inputs, [property]: new pulumi.Config().require("profileValue") });
        },
        env: api.env(sandbox),
        config: { ...api.config(sandbox), profileValue: { value: String(inputs[property]) } },
      });
      sandbox.clearLogs();
      const o = output();
      await expect(stack.preview({ onOutput: o.onOutput })).rejects.toThrow();
      expect(o.text.value).toMatch(new RegExp(`property ${property} value .* has a problem: expected`));
      expect(api.requests(sandbox)).toHaveLength(0);
    });
  });
}
