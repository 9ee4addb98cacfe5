import { ReactNode } from 'react';
import { Strings, useStrings } from '../app/i18n';
import { toCsv } from './csv';
import { toXlsx } from './xlsx';

/**
 * Every table of the console, and its downloads. A column's `text` is the figure shown,
 * and exactly that text is what CSV and xlsx hold (money as exact decimal text, never a
 * binary float); `render` may dress it up on screen but must show the same figure.
 */
export interface Column<Row> {
  key: string;
  header: string;
  text: (row: Row) => string;
  render?: (row: Row) => ReactNode;
  /** Right-aligned on screen and in the spreadsheet. */
  numeric?: boolean;
}

const STRINGS: Strings<'csv' | 'xlsx' | 'empty'> = {
  zh: { csv: '下载 CSV', xlsx: '下载 Excel', empty: '没有数据' },
  en: { csv: 'Download CSV', xlsx: 'Download Excel', empty: 'Nothing to show' },
};

function download(name: string, type: string, content: BlobPart): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DataTable<Row>({
  columns,
  rows,
  filename,
  testId,
  rowKey,
  caption,
}: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** Without extension: "progress-by-network-2021-06". */
  filename: string;
  testId: string;
  rowKey: (row: Row, index: number) => string;
  caption?: ReactNode;
}) {
  const t = useStrings(STRINGS);
  const header = columns.map((c) => c.header);
  const cells = () => rows.map((row) => columns.map((c) => c.text(row)));
  const numeric = columns.map((c) => c.numeric === true);
  return (
    <div className="data-table" data-testid={testId}>
      <div className="table-tools">
        {caption && <span className="caption">{caption}</span>}
        <button
          type="button"
          onClick={() =>
            download(`${filename}.csv`, 'text/csv;charset=utf-8', toCsv(header, cells()))
          }
          data-testid={`${testId}-csv`}
        >
          {t('csv')}
        </button>
        <button
          type="button"
          onClick={() =>
            download(
              `${filename}.xlsx`,
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              toXlsx(filename.slice(0, 31), header, cells(), numeric),
            )
          }
          data-testid={`${testId}-xlsx`}
        >
          {t('xlsx')}
        </button>
      </div>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {t('empty')}
              </td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined} data-column={c.key}>
                  {c.render ? c.render(row) : c.text(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
