import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: {
    fontWeight: '650',
  },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    // Selects, tag inputs and other comboboxes mount their option list only while it is open. Kept mounted
    // (Mantine's default), each one positions its hidden list once on mount, and every positioning forces a
    // style recalculation of the whole page: beside a board of cards that cost ~0.4 s (bench/web).
    Combobox: { defaultProps: { keepMounted: false } },
  },
});
