/** Levenshtein distance with an upper bound (returns bound + 1 when exceeded). */
function distance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return bound + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The `limit` known ids closest to `query` (case-insensitive edit distance; ids that contain the
 * query or are contained in it rank first). Used only on the unknown-model path.
 */
export function closestIds(query: string, ids: Iterable<string>, limit = 5): string[] {
  const q = query.toLowerCase();
  const bound = Math.max(3, Math.ceil(q.length * 0.6));
  const scored: Array<[number, string]> = [];
  for (const id of ids) {
    const l = id.toLowerCase();
    const tail = l.slice(l.lastIndexOf('/') + 1);
    let d = Math.min(distance(q, l, bound), distance(q, tail, bound));
    if (l.includes(q) || (tail.length >= 4 && q.includes(tail))) d = Math.min(d, 1 + Math.abs(l.length - q.length) / 100);
    if (d <= bound) scored.push([d, id]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].length - y[1].length || (x[1] < y[1] ? -1 : 1));
  const out: string[] = [];
  for (const [, id] of scored) {
    if (!out.includes(id)) out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}
