// The server's field errors of a create form, put next to the inputs: channel paths (`phones.1.value`) go
// to the row shown (empty rows are not sent), the rest by name; what no input owns is returned apart.
import { channelPath, type ChannelKind } from './channels';

export function formErrorsOf(
  fields: Readonly<Record<string, string>>,
  inputs: readonly string[],
  rows: Readonly<Record<ChannelKind, number[]>>,
  describe: (path: string, reason: string) => string,
): { byInput: Record<string, string>; other: string[] } {
  const byInput: Record<string, string> = {};
  const other: string[] = [];
  for (const [path, reason] of Object.entries(fields)) {
    const channel = channelPath(path);
    if (channel !== null) {
      const row = rows[channel.kind][channel.index];
      if (row !== undefined) {
        // The row's own input shows it: the reason alone.
        byInput[`${channel.kind}.${row}`] ??= describe('', reason);
        continue;
      }
    }
    const input = inputs.find((name) => path === name || path.startsWith(`${name}.`));
    if (input !== undefined) byInput[input] ??= describe(path, reason);
    else other.push(`${path}: ${reason}`);
  }
  return { byInput, other };
}
