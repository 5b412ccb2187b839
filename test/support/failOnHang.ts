import { takeUnacknowledgedHangs } from "../../scripts/pulumi-cli/commandGuards";

/**
 * A command stopped as hung (scripts/pulumi-cli/commandGuards.ts) fails the test that met it,
 * also one that expected the command to fail (`rejects.toThrow()` would take the hang for the
 * expected error) or caught the error itself. Only a caller that started over says so first
 * (acknowledgeHang), as the matrices do.
 */
afterEach(() => {
  const hangs = takeUnacknowledgedHangs();
  if (hangs.length > 0) throw new Error(`a Pulumi command hung during this test:\n${hangs.map((hang) => hang.message).join("\n")}`);
});
