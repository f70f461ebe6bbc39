// Stage colours: the palette offered when adding or recolouring a stage, and a readable text colour
// on top of any of them.

/** Light colours in the spirit of amoCRM and Bitrix24 stage bars; the first is the server's default. */
export const STAGE_PALETTE = [
  '#99ccff',
  '#ffcc66',
  '#ff9966',
  '#ccff99',
  '#ff99cc',
  '#cc99ff',
  '#66cccc',
  '#ffff99',
  '#87f2c0',
  '#c1c1c1',
] as const;

export const isStageColor = (value: string) => /^#[0-9a-fA-F]{6}$/.test(value);

/** The palette colour for the n-th new stage (0-based), round and round. */
export const paletteColor = (n: number): string => STAGE_PALETTE[n % STAGE_PALETTE.length] ?? '#99ccff';

/** Dark text on light colours, white on dark ones (WCAG relative luminance). */
export function textColorOn(hex: string): string {
  if (!isStageColor(hex)) return 'var(--mantine-color-text)';
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // The contrast with black beats the contrast with white above about 0.179.
  return luminance > 0.179 ? '#1a1b1e' : '#ffffff';
}
