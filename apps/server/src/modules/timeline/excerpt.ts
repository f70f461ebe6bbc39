// A short plain-text excerpt of an entry's Markdown, for notifications ("Анна упомянула вас: …").

const MAX = 200;
const segmenter = new Intl.Segmenter();

/** At most `count` characters as people see them (an emoji is one). */
function firstCharacters(text: string, count: number): string {
  let result = '';
  let taken = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (taken++ === count) break;
    result += segment;
  }
  return result;
}

export function excerptOf(markdown: string): string {
  const plain = markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images → their alt text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links and mentions → their text
    .replace(/^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+|>[ \t]?)+/gm, '') // list markers and quotes, nested
    .replace(/^\s{0,3}#{1,6}\s+/gm, '') // headings
    .replace(/(\*\*|\*|~~|`)(?=\S)([\s\S]*?\S)\1/g, '$2') // emphasis, code (not _: file_names stay)
    .replace(/\s+/g, ' ')
    .trim();
  return firstCharacters(plain, MAX) === plain ? plain : `${firstCharacters(plain, MAX - 1).trimEnd()}…`;
}
