import type { ComponentChildren } from 'preact';
import type { CsvCell } from '@/lib/csv';
import { downloadCsv } from './download';

export interface Column<Row> {
  title: string;
  /** What the table shows. */
  show: (row: Row) => ComponentChildren;
  /** What the CSV holds: raw numbers rather than formatted text. */
  csv: (row: Row) => CsvCell;
}

/**
 * A captioned table with a "Download CSV" button; rows with `onOpen` get a button that lists the packets
 * behind them.
 */
export function DataTable<Row>(props: {
  caption: string;
  filename: string;
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  onOpen?: (row: Row) => void;
  empty?: string;
}) {
  const { caption, columns, rows, onOpen } = props;
  return (
    <section class="table-section" aria-label={caption}>
      <div class="table-head">
        <h2>{caption}</h2>
        <button
          type="button"
          onClick={() =>
            downloadCsv(
              props.filename,
              columns.map((column) => column.title),
              rows.map((row) => columns.map((column) => column.csv(row))),
            )
          }
        >
          Download CSV
        </button>
      </div>
      {rows.length === 0 ? (
        <p class="empty">{props.empty ?? 'No data in this window.'}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column.title}>
                  {column.title}
                </th>
              ))}
              {onOpen && <th scope="col">Packets</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {columns.map((column) => (
                  <td key={column.title}>{column.show(row)}</td>
                ))}
                {onOpen && (
                  <td>
                    <button type="button" class="link" onClick={() => onOpen(row)}>
                      Show
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
