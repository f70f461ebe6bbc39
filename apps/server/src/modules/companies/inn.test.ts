import { describe, expect, it } from 'vitest';
import { innProblem } from './inn.js';

describe('INN checksum', () => {
  it('accepts real organisation and entrepreneur numbers', () => {
    for (const inn of ['7707083893', '7736207543', '500100732259', '7830002293']) {
      expect(innProblem(inn), inn).toBeNull();
    }
  });

  it('refuses a wrong check digit, a wrong length and non-digits', () => {
    expect(innProblem('7707083894')).toMatch(/check digit/);
    expect(innProblem('500100732258')).toMatch(/check digits/);
    expect(innProblem('500100732249')).toMatch(/check digits/);
    expect(innProblem('77070838')).toMatch(/10 digits/);
    expect(innProblem('77070838931')).toMatch(/10 digits/);
    expect(innProblem('77O7083893')).toMatch(/digits only/);
  });

  it('each single-digit typo of a valid 10-digit INN is caught unless it hits the same sum', () => {
    const valid = '7707083893';
    let caught = 0;
    let typos = 0;
    for (let i = 0; i < 9; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        typos++;
        if (innProblem(valid.slice(0, i) + String(d) + valid.slice(i + 1)) !== null) caught++;
      }
    }
    expect(caught / typos).toBeGreaterThan(0.85);
  });
});
