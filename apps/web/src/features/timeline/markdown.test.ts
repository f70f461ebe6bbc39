import { describe, expect, it } from 'vitest';
import {
  insertText,
  mentionMarkdown,
  mentionQueryAt,
  mentionsIn,
  mentionTarget,
  safeUrl,
  toggleList,
  wrapSelection,
} from './markdown';

const A = '0b1f6f0e-7a47-4c8f-9d0e-111111111111';
const B = '0b1f6f0e-7a47-4c8f-9d0e-222222222222';

describe('mentions', () => {
  it('writes a mention as a mention: link and finds it again', () => {
    const text = `Привет, ${mentionMarkdown('Анна Петрова', A)} и ${mentionMarkdown('Boris', B)}!`;
    expect(text).toContain(`[@Анна Петрова](mention:${A})`);
    expect(mentionsIn(text)).toEqual([A, B]);
  });

  it('lists each user once and forgets a mention deleted from the text', () => {
    const text = `${mentionMarkdown('A', A)} ${mentionMarkdown('A', A)}`;
    expect(mentionsIn(text)).toEqual([A]);
    expect(mentionsIn('no one here')).toEqual([]);
  });

  it('escapes brackets in names so the link stays one link', () => {
    const text = mentionMarkdown('Ivan [sales]', A);
    expect(text).toBe(`[@Ivan \\[sales\\]](mention:${A})`);
    expect(mentionsIn(text)).toEqual([A]);
  });

  it('reads the target of a mention link only', () => {
    expect(mentionTarget(`mention:${A}`)).toBe(A);
    expect(mentionTarget('https://example.com')).toBeNull();
    expect(mentionTarget(undefined)).toBeNull();
  });

  it('finds the @word being typed, but not inside an e-mail address', () => {
    expect(mentionQueryAt('Hi @An', 6)).toEqual({ start: 3, query: 'An' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('Привет @Ан', 10)).toEqual({ start: 7, query: 'Ан' });
    expect(mentionQueryAt('mail me at a@b', 14)).toBeNull();
    expect(mentionQueryAt('Hi @An and more', 15)).toBeNull();
  });
});

describe('links', () => {
  it('keeps http(s), mailto and mention links', () => {
    expect(safeUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeUrl('HTTP://example.com')).toBe('HTTP://example.com');
    expect(safeUrl('mailto:sales@example.com')).toBe('mailto:sales@example.com');
    expect(safeUrl(`mention:${A}`)).toBe(`mention:${A}`);
  });

  it('drops every other scheme and relative links', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(safeUrl('file:///etc/passwd')).toBeNull();
    expect(safeUrl('/api/deals')).toBeNull();
    expect(safeUrl('tel:+79990000000')).toBeNull();
  });
});

describe('toolbar edits', () => {
  it('wraps the selection in bold and keeps it selected', () => {
    const edit = wrapSelection({ value: 'make this bold', selectionStart: 5, selectionEnd: 9 }, '**');
    expect(edit.value).toBe('make **this** bold');
    expect(edit.value.slice(edit.selectionStart, edit.selectionEnd)).toBe('this');
  });

  it('keeps spaces outside the markers and puts the caret inside with no selection', () => {
    expect(wrapSelection({ value: 'a word b', selectionStart: 1, selectionEnd: 7 }, '*').value).toBe(
      'a *word* b',
    );
    const empty = wrapSelection({ value: 'ab', selectionStart: 1, selectionEnd: 1 }, '**');
    expect(empty).toEqual({ value: 'a****b', selectionStart: 3, selectionEnd: 3 });
  });

  it('turns lines into a list and back', () => {
    const listed = toggleList({ value: 'intro\none\ntwo', selectionStart: 7, selectionEnd: 12 });
    expect(listed.value).toBe('intro\n- one\n- two');
    const back = toggleList(listed);
    expect(back.value).toBe('intro\none\ntwo');
  });

  it('inserts text at the caret', () => {
    expect(
      insertText({ value: 'Hi @An!', selectionStart: 3, selectionEnd: 6 }, '[@Anna](mention:x)'),
    ).toEqual({
      value: 'Hi [@Anna](mention:x)!',
      selectionStart: 21,
      selectionEnd: 21,
    });
  });
});
