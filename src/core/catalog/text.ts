/**
 * Text normalisation shared by the writer (what is stored in `search_text`) and the search (what is looked up),
 * so both sides agree: lower case, no diacritics, full-width ASCII folded to half-width, spaces collapsed.
 */
export function normaliseForSearch(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Length in code points (what the trigram tokenizer counts), not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Search terms: whitespace-separated words, normalised, at most `max`. */
export function searchTerms(query: string, max = 8): string[] {
  return normaliseForSearch(query)
    .split(' ')
    .filter((t) => t.length > 0)
    .slice(0, max);
}

/** Escapes `%`, `_` and the escape character itself for `LIKE ... ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One FTS5 phrase (a substring under the trigram tokenizer), quotes doubled. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
