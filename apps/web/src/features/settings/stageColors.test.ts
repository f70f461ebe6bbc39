import { describe, expect, it } from 'vitest';
import type { Stage } from '@voronka/contracts';
import { reorderItems, withOpenOrder } from './api';
import { isStageColor, paletteColor, STAGE_PALETTE, textColorOn } from './stageColors';

describe('stage colours', () => {
  it('offers valid colours, round and round', () => {
    for (const color of STAGE_PALETTE) expect(isStageColor(color)).toBe(true);
    expect(paletteColor(0)).toBe('#99ccff');
    expect(paletteColor(STAGE_PALETTE.length + 1)).toBe(STAGE_PALETTE[1]);
  });

  it('puts dark text on light colours and white text on dark ones', () => {
    expect(textColorOn('#99ccff')).toBe('#1a1b1e');
    expect(textColorOn('#FFFF99')).toBe('#1a1b1e');
    expect(textColorOn('#1f3a93')).toBe('#ffffff');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('blue')).toBe('var(--mantine-color-text)');
  });
});

const stage = (id: string, kind: Stage['kind']): Stage => ({
  id,
  pipelineId: 'p',
  name: id,
  color: '#99ccff',
  kind,
  position: 0,
});

describe('reordering', () => {
  it('moves the open stages only; Unsorted, Won and Lost keep their places', () => {
    const stages = [
      stage('u', 'unsorted'),
      stage('a', 'open'),
      stage('b', 'open'),
      stage('c', 'open'),
      stage('w', 'won'),
      stage('l', 'lost'),
    ];
    expect(withOpenOrder(stages, ['c', 'a', 'b']).map((s) => s.id)).toEqual(['u', 'c', 'a', 'b', 'w', 'l']);
    // Unknown and system ids are ignored; open stages missing from the order follow the listed ones.
    expect(withOpenOrder(stages, ['c', 'w', 'x']).map((s) => s.id)).toEqual(['u', 'c', 'a', 'b', 'w', 'l']);
  });

  it('puts the listed items first in that order, the rest after them', () => {
    const items = [{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }];
    expect(reorderItems(items, ['3', '1', '2']).map((i) => i.id)).toEqual(['3', '1', '2', '4']);
    expect(reorderItems(items, ['9', '2']).map((i) => i.id)).toEqual(['2', '1', '3', '4']);
  });
});
