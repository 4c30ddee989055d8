/**
 * A small RFC 4180 CSV reader/writer (no CSV package is installed and the catalog needs only this): comma
 * separated, fields quoted with `"` when they hold a comma, quote, CR or LF, quotes doubled inside. The reader also
 * accepts a UTF-8 BOM (Excel writes one) and LF-only line ends.
 */

export class CsvError extends Error {
  override name = 'CsvError';
}

export interface CsvRecord {
  /** 1-based line of the record's first character, for error reports. */
  line: number;
  fields: string[];
}

/**
 * Parses CSV text into records. Blank lines are skipped. Throws CsvError on an unterminated quote or a stray quote.
 * `delimiter` is `,` unless given (`\t` reads Google Merchant's tab-separated feeds with the same quoting rules).
 */
export function parseCsv(text: string, opts: { delimiter?: ',' | '\t' } = {}): CsvRecord[] {
  const sep = opts.delimiter ?? ',';
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedField = false;
  const endField = () => {
    fields.push(field);
    field = '';
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '' )) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && field === '' && !quotedField) {
      // Quoted field: read to the closing quote.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvError(`line ${startLine}: quoted field is not closed`);
        const d = src[i]!;
        if (d === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n') line++;
        field += d;
        i++;
      }
      quotedField = true;
      const next = src[i];
      if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') {
        throw new CsvError(`line ${line}: unexpected text after a closing quote`);
      }
      continue;
    }
    if (c === sep) {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    // Tab-separated feeds write inch marks unquoted (`32" waist`): there a quote inside a field is text.
    if (c === '"' && sep === ',') throw new CsvError(`line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"): `=`, `+`, `-`, `@`,
 * tab and CR. A product name like `=HYPERLINK(...)` from a feed would otherwise run in the manager's Excel.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** OWASP's rule: a cell that a spreadsheet would read as a formula gets a leading `'` (shown as text, not stored). */
export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `escapeFormula` on import, so an exported catalog re-imports unchanged. */
export function unescapeFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes records as CSV with CRLF line ends (RFC 4180), formula cells escaped (`escapeFormula`): every CSV we
 * write is opened in a spreadsheet. With `bom`, starts with a UTF-8 BOM so Excel reads Chinese right.
 */
export function writeCsv(rows: ReadonlyArray<readonly string[]>, opts: { bom?: boolean } = {}): string {
  const body = rows.map((r) => r.map((c) => quote(escapeFormula(c))).join(',')).join('\r\n');
  return (opts.bom ? '\ufeff' : '') + body + (rows.length ? '\r\n' : '');
}
