import { describe, expect, it } from 'vitest';
import { answerOf, canRetry, groupEventTypes, shortUrl } from './webhookModel';

describe('webhook settings model', () => {
  it('groups event types by entity in the server’s order', () => {
    expect(groupEventTypes(['deal.created', 'deal.updated', 'contact.created', 'deal.deleted'])).toEqual([
      { group: 'deal', items: ['deal.created', 'deal.updated', 'deal.deleted'] },
      { group: 'contact', items: ['contact.created'] },
    ]);
    expect(groupEventTypes([])).toEqual([]);
  });

  it('offers to send again only what is finished without success', () => {
    expect(canRetry({ status: 'failed' })).toBe(true);
    expect(canRetry({ status: 'cancelled' })).toBe(true);
    expect(canRetry({ status: 'pending' })).toBe(false);
    expect(canRetry({ status: 'delivered' })).toBe(false);
    expect(canRetry({ status: 'sending' })).toBe(false);
  });

  it('sums up the answer: its status, else why none came', () => {
    expect(answerOf({ statusCode: 503, error: 'The receiver answered 503' })).toBe('HTTP 503');
    expect(answerOf({ statusCode: null, error: 'No answer within 10000 ms' })).toBe(
      'No answer within 10000 ms',
    );
    expect(answerOf({ statusCode: null, error: null })).toBeNull();
  });

  it('shortens URLs without their query', () => {
    expect(shortUrl('https://hooks.example.com/in/crm?token=secret')).toBe('hooks.example.com/in/crm');
    expect(shortUrl('http://10.0.0.5:8080/')).toBe('10.0.0.5:8080');
    expect(shortUrl('not a url')).toBe('not a url');
  });
});
