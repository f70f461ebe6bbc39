import { describe, expect, it } from 'vitest';
import { formErrorsOf } from './formErrors';

describe('create form errors', () => {
  it('puts a refused phone on the row shown and other fields by name', () => {
    const { byInput, other } = formErrorsOf(
      { 'phones.0.value': 'is not a phone number', firstName: 'required', 'customFields.x': 'bad' },
      ['firstName', 'lastName'],
      { phones: [2], emails: [], sites: [], messengers: [] },
      (path, reason) => (path === '' ? reason : `${path}: ${reason}`),
    );
    expect(byInput).toEqual({ 'phones.2': 'is not a phone number', firstName: 'firstName: required' });
    expect(other).toEqual(['customFields.x: bad']);
  });
});
