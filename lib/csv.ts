/** A cell as tables hold it: text, a number, a yes/no, or nothing. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet would run as a formula when the file is opened (OWASP's CSV injection list: =, +,
 * -, @, tab and carriage return first). Such a cell gets a leading apostrophe, so it reads as text.
 * Numbers are written as numbers: a negative one is data, not a formula.
 */
const formulaStart = /^[=+\-@\t\r]/;

function cellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/** One field, quoted (RFC 4180) when it holds a comma, a quote or a line break, quotes doubled. */
function field(cell: CsvCell): string {
  const text = cellText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document of a header and rows, lines ending in CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
