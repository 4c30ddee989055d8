import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, unescapeFormula, writeCsv } from '../../src/core/catalog/csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('csv', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF and LF, and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\nplain,,end\n';
    expect(fields(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['plain', '', 'end'],
    ]);
    expect(parseCsv(text).map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('skips blank lines and reads a last line without a newline', () => {
    expect(fields('a,b\n\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects an unclosed quote and a stray quote with the line', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(new CsvError('line 2: quoted field is not closed'));
    expect(() => parseCsv('a,b\nx"y,1\n')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('"a"b,c\n')).toThrow(/line 1: unexpected text after a closing quote/);
  });

  it('round-trips any table of strings', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '衬', ' ', ',', '"', '\n', '\r', '|', 'é') , maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'x'));
        // A row of one empty field is a blank line by design; the catalog's rows always have many columns.
        // writeCsv escapes formula cells ('\r…); the importer undoes it cell by cell.
        expect(fields(writeCsv(table, { bom: true })).map((r) => r.map(unescapeFormula))).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });
});
