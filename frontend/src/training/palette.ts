/** Ten colours told apart at a glance, for one line per layer or per job. */
const LINE_COLOURS = [
  "#4f46e5",
  "#dc2626",
  "#059669",
  "#d97706",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#475569",
  "#ea580c",
];

/** The `index`-th line's colour (again from the first after ten). */
export const lineColour = (index: number): string => LINE_COLOURS[index % LINE_COLOURS.length] as string;
