import { describe, expect, it } from 'vitest';
import { channelErrorPaths, channelPath, channelsBody, sameChannels, type ChannelsDraft } from './channels';

const draft: ChannelsDraft = {
  phones: [
    { value: '  ', type: 'work' },
    { value: ' 8 916 123-45-67 ', type: 'mobile' },
  ],
  emails: [{ value: 'ivan@example.com', type: 'work' }],
  sites: [{ value: '' }],
  messengers: [{ value: '@ivan', service: 'telegram' }],
};

describe('channels', () => {
  it('drops empty rows, trims values and remembers which row each sent value is', () => {
    const { body, rows } = channelsBody(draft);
    expect(body.phones).toEqual([{ value: '8 916 123-45-67', type: 'mobile' }]);
    expect(body.sites).toEqual([]);
    expect(rows.phones).toEqual([1]);
    expect(rows.emails).toEqual([0]);
  });

  it('reads the server paths of a refused channel', () => {
    expect(channelPath('phones.3.value')).toEqual({ kind: 'phones', index: 3 });
    expect(channelPath('emails.0')).toEqual({ kind: 'emails', index: 0 });
    expect(channelPath('firstName')).toBeNull();
    expect(channelErrorPaths(['phones'])).toContain('phones.19.value');
    expect(channelErrorPaths(['phones'])).not.toContain('emails.0.value');
  });

  it('compares what would be saved', () => {
    const spaced: ChannelsDraft = { ...draft, phones: [{ value: '8 916 123-45-67', type: 'mobile' }] };
    expect(sameChannels(draft, spaced)).toBe(true);
    expect(sameChannels(draft, { ...spaced, phones: [{ value: '8 916 123-45-67', type: 'work' }] })).toBe(
      false,
    );
  });
});
