// Markdown of comments and notes: links allowed (http, https, mailto) and mentions, the mentions a text
// carries, and the editing helpers of the composer's toolbar. Pure, so the rules are unit-tested.

/** A mention written in the text: `[@Name](mention:<userId>)`. */
export function mentionMarkdown(name: string, userId: string): string {
  return `[@${name.replace(/[[\]\\]/g, (c) => `\\${c}`)}](mention:${userId})`;
}

const MENTION_TARGET = /\]\(mention:([0-9a-fA-F-]{36})\)/g;

/** The users mentioned in the text, each once, in order of first mention. */
export function mentionsIn(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(MENTION_TARGET))
    if (match[1] !== undefined) ids.add(match[1].toLowerCase());
  return [...ids];
}

/** The user a `mention:` link points at, or null for any other link. */
export function mentionTarget(href: string | null | undefined): string | null {
  const match = /^mention:([0-9a-fA-F-]{36})$/.exec(href ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * The link as it may be followed, or null: only http(s) and mailto links (and mentions) keep their target.
 * Relative and other links (javascript:, data:, file:…) are shown as plain text.
 */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  if (mentionTarget(trimmed) !== null) return trimmed;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto' ? trimmed : null;
}

export interface TextEdit {
  value: string;
  selectionStart: number;
  selectionEnd: number;
}

/** Wraps the selection in `marker` (`**` bold, `*` italic); with nothing selected, puts the caret inside. */
export function wrapSelection(edit: TextEdit, marker: string): TextEdit {
  const { value, selectionStart: start, selectionEnd: end } = edit;
  const selected = value.slice(start, end);
  // Markdown emphasis does not take spaces just inside the markers: keep them outside.
  const lead = /^\s*/.exec(selected)?.[0] ?? '';
  const trail = selected.length > lead.length ? (/\s*$/.exec(selected)?.[0] ?? '') : '';
  const inner = selected.slice(lead.length, selected.length - trail.length);
  const next = `${value.slice(0, start)}${lead}${marker}${inner}${marker}${trail}${value.slice(end)}`;
  const innerStart = start + lead.length + marker.length;
  return { value: next, selectionStart: innerStart, selectionEnd: innerStart + inner.length };
}

/** Turns the lines the selection touches into a bulleted list (or back, when they all are one). */
export function toggleList(edit: TextEdit): TextEdit {
  const { value, selectionStart: start, selectionEnd: end } = edit;
  const lineStart = value.lastIndexOf('\n', start - 1) + 1;
  const nextBreak = value.indexOf('\n', end);
  const lineEnd = nextBreak === -1 ? value.length : nextBreak;
  const lines = value.slice(lineStart, lineEnd).split('\n');
  const listed = lines.every((line) => /^\s*[-*+] /.test(line));
  const changed = lines.map((line) => (listed ? line.replace(/^(\s*)[-*+] /, '$1') : `- ${line}`)).join('\n');
  const next = value.slice(0, lineStart) + changed + value.slice(lineEnd);
  return { value: next, selectionStart: lineStart, selectionEnd: lineStart + changed.length };
}

/** Replaces the range with `insertion` and puts the caret after it. */
export function insertText(edit: TextEdit, insertion: string): TextEdit {
  const { value, selectionStart: start, selectionEnd: end } = edit;
  const next = value.slice(0, start) + insertion + value.slice(end);
  const caret = start + insertion.length;
  return { value: next, selectionStart: caret, selectionEnd: caret };
}

/**
 * The `@word` being typed just before the caret (a mention the user is starting), or null. The `@` must
 * start the text or follow a space or an opening bracket, so e-mail addresses do not open the picker.
 */
export function mentionQueryAt(value: string, caret: number): { start: number; query: string } | null {
  const before = value.slice(0, caret);
  const match = /(^|[\s(])@([\p{L}\p{N}_.-]{0,30})$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}
