import { distance } from "fastest-levenshtein";

/**
 * The valid names closest to an unknown one, best first, for "did you mean" hints.
 * Keeps names within a third of the longer length (at least 2 edits), plus names
 * that start with or contain the unknown one.
 */
export function closestNames(unknown: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = unknown.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    const edits = distance(needle, lower);
    const allowed = Math.max(2, Math.floor(Math.max(needle.length, lower.length) / 3));
    if (edits <= allowed) {
      scored.push({ name, score: edits });
    } else if (needle.length >= 3 && (lower.startsWith(needle) || lower.includes(needle))) {
      scored.push({ name, score: allowed + 1 });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((s) => s.name);
}

/** "; did you mean 'a' or 'b'?" or "" when nothing is close. */
export function didYouMean(unknown: string, candidates: Iterable<string>): string {
  const names = closestNames(unknown, candidates);
  if (names.length === 0) return "";
  const quoted = names.map((n) => `'${n}'`);
  const last = quoted.pop();
  return `; did you mean ${quoted.length > 0 ? `${quoted.join(", ")} or ` : ""}${String(last)}?`;
}
