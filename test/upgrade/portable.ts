/**
 * A stack export made replayable anywhere: Pulumi records where in the program each resource
 * was declared (`sourcePosition`, an absolute path on the recording machine). Nothing reads it
 * back, so it is dropped; everything else stays exactly as the release wrote it.
 */
export function portableExport<T>(exported: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== "sourcePosition").map(([key, child]) => [key, walk(child)]));
  };
  return walk(exported) as T;
}
