import { describe, expect, it } from 'vitest';
import { toCsv } from '../../lib/csv';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends, numbers, yes/no and empty cells', () => {
    expect(
      toCsv(
        ['name', 'count', 'met', 'rate'],
        [
          ['Acme', 3, true, null],
          ['Globex', -2.5, false, undefined],
        ],
      ),
    ).toBe('name,count,met,rate\r\nAcme,3,yes,\r\nGlobex,-2.5,no,\r\n');
  });

  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(toCsv(['customer'], [['Acme, Inc.'], ['The "Best" Co'], ['two\nlines'], ['cr\rhere']])).toBe(
      'customer\r\n"Acme, Inc."\r\n"The ""Best"" Co"\r\n"two\nlines"\r\n"cr\rhere"\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas, and only text ones', () => {
    const csv = toCsv(
      ['cell'],
      [['=HYPERLINK("http://evil.example","x")'], ['+1+1'], ['-2+3'], ['@SUM(A1)'], ['\tTab'], ['a=b'], [-7]],
    );
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTab",
      'a=b',
      '-7',
    ]);
  });

  it('writes a non-finite number as an empty cell rather than NaN', () => {
    expect(toCsv(['v'], [[Number.NaN], [Number.POSITIVE_INFINITY]])).toBe('v\r\n\r\n\r\n');
  });
});
