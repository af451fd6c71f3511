/**
 * A key that sorts titles the way people read them: "2 Bay St" before "10 Bay St".
 * SQLite has no natural collation, so the key is stored beside the title (projects.title_sort)
 * by every writer and indexed. Digit runs are zero-padded; case and accents are folded.
 */
export function naturalSortKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'))
}
