import { describe, expect, it } from 'vitest';
import { IMPORT_FAILURE_CODES } from '@voronka/contracts';
import { failure, failureText } from './failure-reasons.js';

describe('failure reasons', () => {
  it('renders every code in Russian and English with its parameters', () => {
    const params = {
      pipelineId: '11',
      stageId: '22',
      entity: 'contact',
      id: '33',
      detail: 'name: is required',
    };
    for (const code of IMPORT_FAILURE_CODES) {
      const ru = failureText({ ...failure(code, params), text: '' }, 'ru');
      const en = failureText({ ...failure(code, params), text: '' }, 'en');
      expect(ru).toMatch(/[а-яё]/i);
      expect(en).not.toMatch(/[а-яё]/i);
      expect(ru).not.toBe(en);
    }
    expect(failureText({ ...failure('pipeline_not_migrated', params), text: '' }, 'ru')).toBe(
      'Воронка сделки 11 (этап 22) не выбрана для переноса',
    );
    expect(failureText({ ...failure('linked_record_missing', params), text: '' }, 'ru')).toBe(
      'Связанная запись (контакт 33) не существует в amoCRM или не была перенесена',
    );
    expect(failureText({ ...failure('linked_record_missing', params), text: '' }, 'en')).toBe(
      'Its contact 33 does not exist in amoCRM or was not migrated',
    );
    expect(failureText({ ...failure('refused', params), text: '' }, 'ru')).toBe(
      'Запись не принята: name: is required',
    );
  });

  it('keeps the stored text of a failure recorded before codes', () => {
    expect(failureText({ code: null, params: {}, text: 'Its record 5 is not in the migration' }, 'ru')).toBe(
      'Its record 5 is not in the migration',
    );
  });
});
