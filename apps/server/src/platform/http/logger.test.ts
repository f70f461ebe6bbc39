import { describe, expect, it } from 'vitest';
import { maskUrl } from './logger.js';

describe('maskUrl', () => {
  it('hides invitation tokens in request lines', () => {
    expect(maskUrl('/api/invitations/by-token/vki_secret123/accept')).toBe(
      '/api/invitations/by-token/***/accept',
    );
    expect(maskUrl('/api/invitations/by-token/vki_secret123?x=1')).toBe('/api/invitations/by-token/***?x=1');
  });
  it('leaves other URLs alone', () => {
    expect(maskUrl('/api/users/9c1f?cursor=abc')).toBe('/api/users/9c1f?cursor=abc');
  });
});
