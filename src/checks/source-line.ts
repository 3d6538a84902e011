/**
 * The rendered email has no memory of where each link or image came from, so the line is found
 * the way a person would: by looking for the same URL (or alt text) in the author's file.
 * Needles are tried in order of preference and the first one found wins; empty ones are skipped.
 */
export function findSourceLine(sourceLines: string[] | undefined, needles: (string | undefined)[]): number | undefined {
  if (!sourceLines) return undefined;
  const wanted = needles.filter((n): n is string => n !== undefined && n.trim() !== '');
  for (const needle of wanted) {
    const index = sourceLines.findIndex((line) => line.includes(needle));
    if (index !== -1) return index + 1;
  }
  return undefined;
}
