/**
 * Control characters (C0, DEL, C1) and bidirectional marks and overrides written as `\u` escapes:
 * raw, they can drive a terminal, vanish from a rendered page, or reorder what a reader sees.
 * Line breaks are left to the caller, which knows whether its output may hold one.
 */
export function showControlChars(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
