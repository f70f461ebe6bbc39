import { describe, expect, it } from 'vitest';
import { arrangeCard, cardLayoutErrors, updateCardLayoutBodySchema } from './card-layouts.js';

const FIELD = '0b0f5a4e-8a52-4a58-9a43-3a3c3e0f6c11';
const OTHER = '5d1f1c7e-2a41-4b7c-8f43-1c2d3e4f5a6b';

describe('cardLayoutErrors', () => {
  it('accepts standard keys of the entity and its custom fields, each once', () => {
    const layout = {
      sections: [
        { id: 'main', title: null, fields: ['closeDate', `cf:${FIELD}`] },
        { id: 'people', title: 'Люди', fields: ['contacts', 'company'] },
      ],
      hidden: ['tags'],
    };
    expect(cardLayoutErrors('deal', layout, new Set([FIELD]))).toEqual([]);
  });

  it('names every unknown, foreign or repeated key and repeated section id by its path', () => {
    const layout = {
      sections: [
        { id: 'main', title: null, fields: ['closeDate', 'inn', `cf:${OTHER}`] },
        { id: 'main', title: 'Again', fields: ['closeDate'] },
      ],
      hidden: ['closeDate', 'source'],
    };
    expect(cardLayoutErrors('deal', layout, new Set([FIELD]))).toEqual([
      ['sections.0.fields.1', 'inn is not a field of the deal card'],
      ['sections.0.fields.2', `cf:${OTHER} is not a field of the deal card`],
      ['sections.1.id', 'section ids must not repeat'],
      ['sections.1.fields.0', 'closeDate is placed twice'],
      ['hidden.0', 'closeDate is placed twice'],
    ]);
  });
});

describe('arrangeCard', () => {
  it('keeps the layout order, drops hidden and unknown keys and ends the first section with the unplaced', () => {
    const layout = {
      sections: [
        { id: 'main', title: null, fields: ['company', 'gone'] },
        { id: 'dates', title: 'Сроки', fields: ['closeDate'] },
      ],
      hidden: ['tags'],
    };
    expect(arrangeCard(layout, ['closeDate', 'source', 'tags', 'company', 'contacts'])).toEqual([
      { id: 'main', title: null, fields: ['company', 'source', 'contacts'] },
      { id: 'dates', title: 'Сроки', fields: ['closeDate'] },
    ]);
  });

  it('shows every field in one section without a layout', () => {
    expect(arrangeCard({ sections: [], hidden: [] }, ['a', 'b'])).toEqual([
      { id: 'main', title: null, fields: ['a', 'b'] },
    ]);
  });
});

describe('updateCardLayoutBodySchema', () => {
  it('needs a section and refuses bad section ids and keys', () => {
    expect(updateCardLayoutBodySchema.safeParse({ sections: [] }).success).toBe(false);
    const bad = updateCardLayoutBodySchema.safeParse({
      sections: [{ id: 'Main Section', title: null, fields: ['cf:nope'] }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'sections.0.id',
      'sections.0.fields.0',
    ]);
  });
});
