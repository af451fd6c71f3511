/**
 * Turns what a technician types into a safe FTS5 query: every word becomes a quoted prefix
 * phrase, so "hopetoun 6" finds "6 Hopetoun Ave" while typing, and FTS5 operators or stray
 * quotes in the input ("AND", "NEAR(", `"`) are searched for as text, never parsed.
 * Returns null when nothing searchable is left.
 * (Each word is a quoted phrase; a stray NUL or other control character is a word break.)
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    // Control characters separate words too: a NUL would end the query early inside SQLite's parser.
    .split(/[\s\p{Cc}]+/u)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, 16)
  if (!words.length) return null
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ')
}
