/**
 * The columns a list page offers in the column chooser, in their order, with their labels; the required ones
 * cannot be hidden.
 */
export const chooserColumns = <K extends string>(
  keys: readonly K[],
  required: readonly K[],
  labelOf: (key: K) => string,
) => keys.map((key) => ({ key, label: labelOf(key), required: required.includes(key) }));
