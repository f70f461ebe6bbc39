import { describe, expect, it } from 'vitest';
import type { ImportSelection } from '@voronka/contracts';
import { createI18n } from '../../i18n';
import { portalHost } from './portal';
import {
  actionsOf,
  choiceOf,
  initialChoice,
  neededBy,
  periodError,
  sameSelection,
  selectionOf,
  toggleEntity,
  withLinked,
} from './selection';

describe('linked entities (the mirror of the server’s withLinked)', () => {
  it('ticks what an entity needs, in the wizard’s order', () => {
    expect(withLinked(['contacts'])).toEqual(['users', 'companies', 'contacts']);
    expect(withLinked(['deals'])).toEqual(['users', 'companies', 'contacts', 'pipelines', 'deals']);
    expect(withLinked(['tasks'])).toEqual(['users', 'companies', 'contacts', 'pipelines', 'deals', 'tasks']);
    expect(withLinked(['pipelines'])).toEqual(['pipelines']);
  });

  it('ticking adds the linked ones; an entity others need cannot be unticked', () => {
    const ticked = toggleEntity(['users'], 'contacts');
    expect(ticked).toEqual(['users', 'companies', 'contacts']);
    expect(neededBy('companies', ticked)).toEqual(['contacts']);
    expect(toggleEntity(ticked, 'companies')).toEqual(ticked);
    expect(toggleEntity(ticked, 'contacts')).toEqual(['users', 'companies']);
  });
});

describe('the choice as a selection', () => {
  const source = [
    { id: 10, isMain: true },
    { id: 20, isMain: false },
  ];

  it('starts with everything, the main pipeline into the default one and the others new', () => {
    const choice = initialChoice(source, 'p-default');
    expect(selectionOf(choice)).toEqual({
      entities: ['users', 'companies', 'contacts', 'pipelines', 'deals', 'events', 'tasks'],
      withFiles: true,
      period: null,
      pipelines: [
        { sourcePipelineId: 10, target: { pipelineId: 'p-default' } },
        { sourcePipelineId: 20, target: { new: true } },
      ],
      users: [],
      // Seed 000: the amoCRM users without a match are invited.
      inviteUsers: true,
    });
    expect(selectionOf({ ...choice, inviteUsers: false }).inviteUsers).toBe(false);
  });

  it('reads a stored selection back and compares selections whatever their order', () => {
    const stored: ImportSelection = {
      entities: ['users', 'companies', 'contacts'],
      withFiles: false,
      period: { from: '2024-01-01', to: '2024-12-31' },
      pipelines: [],
      users: [{ sourceUserId: 7, targetUserId: null }],
      inviteUsers: false,
    };
    const choice = choiceOf(stored, initialChoice(source, 'p-default'));
    expect(choice.users).toEqual({ 7: 'default' });
    const selection = selectionOf(choice);
    // Pipelines are not ticked: no mapping is sent.
    expect(selection.pipelines).toEqual([]);
    expect(sameSelection(selection, stored)).toBe(true);
    expect(sameSelection(selection, { ...stored, withFiles: true })).toBe(false);
    expect(sameSelection(selection, { ...stored, inviteUsers: true })).toBe(false);
    const ticked = selectionOf({ ...choice, entities: toggleEntity(choice.entities, 'deals') });
    expect(sameSelection(ticked, stored)).toBe(false);
    expect(ticked.pipelines).toHaveLength(2);
  });

  it('checks the period', () => {
    expect(periodError(null)).toBeNull();
    expect(periodError({ from: '', to: '2024-01-01' })).toBe('from');
    expect(periodError({ from: '2024-02-01', to: '2024-01-01' })).toBe('to');
    expect(periodError({ from: '2024-01-01', to: '2024-01-01' })).toBeNull();
  });
});

describe('run actions by state', () => {
  it('offers what seed 000 describes for each state', () => {
    expect(actionsOf({ status: 'running', error: null })).toMatchObject({
      stop: true,
      cancel: true,
      rollback: false,
    });
    expect(actionsOf({ status: 'stopped', error: null })).toMatchObject({ continue: true, cancel: true });
    expect(actionsOf({ status: 'cancelled', error: null })).toMatchObject({
      rollback: true,
      continue: false,
    });
    expect(actionsOf({ status: 'completed', error: null })).toMatchObject({
      confirm: true,
      rollback: true,
      sync: true,
    });
    expect(actionsOf({ status: 'confirmed', error: null })).toMatchObject({
      confirm: false,
      rollback: false,
      sync: true,
    });
    expect(actionsOf({ status: 'failed', error: { code: 'rollback_error', message: 'x' } })).toMatchObject({
      continue: false,
      rollback: true,
    });
  });
});

describe('portal host for the allow-list', () => {
  it('reads the address like the server', () => {
    expect(portalHost('company')).toBe('company.amocrm.ru');
    expect(portalHost('company.kommo.com')).toBe('company.kommo.com');
    expect(portalHost('http://127.0.0.1:4010')).toBe('127.0.0.1:4010');
    expect(portalHost('https://crm.local/leads')).toBe('crm.local');
    expect(portalHost('  ')).toBeNull();
  });
});

describe('Russian plurals of the data check', () => {
  it('says "N elements in K categories" with the right forms', async () => {
    const i18n = await createI18n('ru');
    const summary = (total: number, categories: number) =>
      `${i18n.t('amocrm.check.elements', { count: total })} ${i18n.t('amocrm.check.inCategories', { count: categories })}`;
    expect(summary(46590, 6)).toBe('46590 элементов в 6 категориях');
    expect(summary(1, 1)).toBe('1 элемент в 1 категории');
    expect(summary(22, 2)).toBe('22 элемента в 2 категориях');
    expect(summary(21, 21)).toBe('21 элемент в 21 категории');
    expect(i18n.t('amocrm.run.doneWithErrors', { count: 23, migrated: 15 })).toBe(
      'Готово с ошибками. Перенесено 15 из 23 элементов',
    );
    expect(i18n.t('amocrm.run.done', { count: 1 })).toBe('Готово. Перенесён 1 элемент');
    await i18n.changeLanguage('en');
    expect(i18n.t('amocrm.check.inCategories', { count: 1 })).toBe('in 1 category');
    expect(i18n.t('amocrm.check.elements', { count: 5 })).toBe('5 elements');
  });
});
