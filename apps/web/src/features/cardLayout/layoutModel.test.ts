import { describe, expect, it } from 'vitest';
import { cardLayoutErrors } from '@voronka/contracts';
import {
  addSection,
  bodyOf,
  defaultDraft,
  draftOf,
  hide,
  moveToSection,
  newSectionId,
  removeSection,
  reorderFields,
  reorderSections,
  renameSection,
  show,
} from './layoutModel';

const KEYS = ['closeDate', 'source', 'tags', 'company', 'contacts'];

describe('the card layout draft', () => {
  it('starts from the stored layout, with fields it does not place at the end of the first section', () => {
    const draft = draftOf(
      {
        sections: [
          { id: 'main', title: null, fields: ['company'] },
          { id: 'dates', title: 'Сроки', fields: ['closeDate'] },
        ],
        hidden: ['tags'],
      },
      KEYS,
    );
    expect(draft).toEqual({
      sections: [
        { id: 'main', title: '', fields: ['company', 'source', 'contacts'] },
        { id: 'dates', title: 'Сроки', fields: ['closeDate'] },
      ],
      hidden: ['tags'],
    });
  });

  it('keeps every field in exactly one place through any edit, so the server accepts the result', () => {
    let draft = defaultDraft(KEYS);
    draft = addSection(draft, newSectionId(draft), 'Люди');
    expect(draft.sections.map((section) => section.id)).toEqual(['main', 's2']);
    draft = moveToSection(draft, 'contacts', 's2');
    draft = moveToSection(draft, 'company', 's2');
    draft = hide(draft, 'tags');
    draft = reorderFields(draft, 's2', ['company', 'contacts']);
    draft = reorderSections(draft, ['s2', 'main']);
    draft = renameSection(draft, 'main', '  ');
    expect(bodyOf(draft)).toEqual({
      sections: [
        { id: 's2', title: 'Люди', fields: ['company', 'contacts'] },
        { id: 'main', title: null, fields: ['closeDate', 'source'] },
      ],
      hidden: ['tags'],
    });
    expect(cardLayoutErrors('deal', bodyOf(draft) as never, new Set())).toEqual([]);

    draft = show(draft, 'tags');
    expect(draft.hidden).toEqual([]);
    expect(draft.sections[0]?.fields).toEqual(['company', 'contacts', 'tags']);
    draft = removeSection(draft, 's2');
    expect(draft.sections).toEqual([
      { id: 'main', title: '  ', fields: ['closeDate', 'source', 'company', 'contacts', 'tags'] },
    ]);
    expect(removeSection(draft, 'main')).toBe(draft);
  });
});
