/** Levenshtein distance (insertions, deletions and substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate the typed word was most likely meant to be: a close spelling (about one slip per three
 * letters) or a word it starts, or is the start of. Undefined when nothing is close enough to suggest.
 */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  if (word.length === 0) return undefined;
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const target = candidate.toLowerCase();
    const distance = editDistance(word, target);
    const allowed = Math.min(3, Math.max(1, Math.ceil(target.length / 3)));
    const isPrefix = word.length >= 2 && (target.startsWith(word) || word.startsWith(target));
    if (distance > allowed && !isPrefix) continue;
    const score = isPrefix ? Math.min(distance, 1) : distance;
    if (!best || score < best.score) best = { candidate, score };
  }
  return best?.candidate;
}
