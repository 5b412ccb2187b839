import { decodeEnvelope } from "../../provider/apis/twosms/wire";

/**
 * 2sms answers XML from .NET serializers, which keep the whitespace of string elements. A
 * password with a leading or trailing space must read back as written: trimmed, it showed as
 * drift, and its shorter trimmed form was registered as a secret too short to mask.
 */
it("2sms XML answers keep leading and trailing spaces in values, and pretty-printed XML still decodes", () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<ResponseOfAccountV2>
  <Error>
    <ErrorCode />
    <ErrorReason />
  </Error>
  <ResponseData>
    <Detail><ID>0f8fad5b-d9cb-469f-a165-70867728950e</ID><SMSPassword>  pass word  </SMSPassword><Name>Example Ltd</Name></Detail>
  </ResponseData>
</ResponseOfAccountV2>`;
  const envelope = decodeEnvelope(xml, "application/xml");
  expect(envelope.error).toBeUndefined();
  expect(envelope.detail?.SMSPassword).toBe("  pass word  ");
  expect(envelope.detail?.Name).toBe("Example Ltd");
});
