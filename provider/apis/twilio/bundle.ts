import { END_USER_ATTRIBUTE_SCHEMAS, END_USER_SID, endUserTypeSchema, SUPPORTING_DOCUMENT_ATTRIBUTE_SCHEMAS, SUPPORTING_DOCUMENT_SID, supportingDocumentTypeSchema } from "./bundleSchemas";
import { typedObjectAdapter } from "./typedObjects";

/** What a Customer-Profile bundle holds besides its Address: its end users and supporting documents. */
export const endUserAdapter = typedObjectAdapter({
  resourceName: "EndUser",
  noun: "end user",
  path: "/v1/EndUsers",
  attributeSchemas: END_USER_ATTRIBUTE_SCHEMAS,
  typeSchema: endUserTypeSchema,
  sidPattern: END_USER_SID,
  sidPrefix: "IT",
  source: "twilio.com/docs/trusthub/api/enduser",
});

export const supportingDocumentAdapter = typedObjectAdapter({
  resourceName: "SupportingDocument",
  noun: "supporting document",
  path: "/v1/SupportingDocuments",
  attributeSchemas: SUPPORTING_DOCUMENT_ATTRIBUTE_SCHEMAS,
  typeSchema: supportingDocumentTypeSchema,
  sidPattern: SUPPORTING_DOCUMENT_SID,
  sidPrefix: "RD",
  attributeRules: { address_sids: { references: { AD: "Address" } } },
  source: "twilio.com/docs/trusthub/api/supportingdocument",
});
