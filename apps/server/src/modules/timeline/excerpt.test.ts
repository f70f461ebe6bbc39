import { describe, expect, it } from 'vitest';
import { excerptOf } from './excerpt.js';

describe('excerptOf', () => {
  it('turns Markdown into one line of plain text', () => {
    expect(
      excerptOf(
        '[@Анна Петрова](mention:00000000-0000-4000-8000-000000000001), **срочно**:\n> клиент ждёт\n\n- позвонить\n- отправить [КП](https://example.ru/kp)',
      ),
    ).toBe('@Анна Петрова, срочно: клиент ждёт позвонить отправить КП');
    expect(excerptOf('# Итог\n*договорились* о `замере` в пятницу')).toBe(
      'Итог договорились о замере в пятницу',
    );
    expect(excerptOf('- > цитата в списке\n1. первый\nфайл plan_v2_final.pdf')).toBe(
      'цитата в списке первый файл plan_v2_final.pdf',
    );
  });

  it('cuts long texts at 200 characters with an ellipsis', () => {
    const excerpt = excerptOf('слово '.repeat(100));
    expect(excerpt).toHaveLength(200);
    expect(excerptOf('коротко')).toBe('коротко');
    expect(excerptOf('я'.repeat(200))).toBe('я'.repeat(200));
    expect(excerptOf('я'.repeat(201))).toBe(`${'я'.repeat(199)}…`);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
