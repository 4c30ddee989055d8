/**
 * Catalog text made safe for a terminal: a product name from a feed or a CSV must not clear the screen, recolour
 * it, set its title or reorder the line. Removes ANSI/VT escape sequences (CSI, OSC, single-character), the
 * remaining C0/C1 control characters and Unicode bidi overrides; everything else is kept.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '');
}
