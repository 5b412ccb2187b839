import * as pulumi from "@pulumi/pulumi";
import { createStack } from "../../scripts/pulumi-cli/localStack";
import { voximplant } from "../../sdk";
import { voximplantE2e } from "../support/apis";
import { programDirPerFile, sandboxPerFile } from "../support/fixtures";
import { lifecycleScenarios } from "./scenarios";

lifecycleScenarios(voximplantE2e);

describe("voximplant secret inputs through the real CLI", () => {
  const sandbox = sandboxPerFile();
  const program = programDirPerFile();

  it("names a weak password in preview without printing it", async () => {
    const weak = "weakpassword";
    const stack = await createStack({
      programDir: program.dir,
      stackName: "weak-password",
      program: async () => {
        new voximplant.AccountInfo("account", { new_account_password: new pulumi.Config().requireSecret("password") });
      },
      env: voximplantE2e.env(sandbox),
      config: { ...voximplantE2e.config(sandbox), password: { value: weak, secret: true } },
    });
    let out = "";
    await expect(stack.preview({ onOutput: (s) => (out += s) })).rejects.toThrow();
    expect(out).toMatch(/property new_account_password value .* has a problem: expected at least one uppercase letter/);
    expect(out).not.toContain(weak);
    expect(sandbox.voximplant.server.requests).toHaveLength(0);
  });
});
