import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CircularFigure, CircularNamedUnit } from '@ledger/contracts';

export const DOCX_MEDIA_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What the document is made from: the CircularIssued event as recorded, and the plan's names. */
export interface CircularDocumentInput {
  circularId: string;
  month: string;
  issuedOn: string;
  namedUnits: readonly CircularNamedUnit[];
  figures: readonly CircularFigure[];
  /** The CircularIssued event itself: where the whole document comes from. */
  eventId: string;
  position: string;
  /** Region, department and network names by code; a code without one is shown as is. */
  names: ReadonlyMap<string, string>;
}

export const circularFileName = (month: string): string => `circular-${month}.docx`;

const UNIT_KIND_ZH: Record<string, string> = { department: '牵头部门', region: '地区' };

/** The problem register's figures as the document names them (a key without one shows as is). */
const PROBLEM_FIGURE_ZH: Record<string, string> = {
  'problems.raised': '本月新增问题',
  'problems.closed': '本月办结问题',
  'problems.open': '月末未办结问题',
  'problems.overdue': '已交办、逾期未答复问题',
};

/** The day the open and overdue problems are counted on: the month's end, or the issue day if sooner. */
function monthEndOrIssue(month: string, issuedOn: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const end = `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
  return issuedOn < end ? issuedOn : end;
}

/**
 * The month's 通报 as a Word document a person opens: the units named and why, then the
 * month's figures in tables, every value with a footnote naming its figure key and the ids
 * of the events it was counted from, and at the end one table of every figure (key, value,
 * events) for whoever checks it against the ledger. Built only from the recorded event, so
 * the same circular always reads the same.
 */
export async function circularDocument(input: CircularDocumentInput): Promise<Buffer> {
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let nextNote = 1;
  const note = (text: string): FootnoteReferenceRun => {
    const id = nextNote++;
    footnotes[id] = { children: [new Paragraph({ children: [new TextRun({ text, size: 16 })] })] };
    return new FootnoteReferenceRun(id);
  };
  const byKey = new Map(input.figures.map((f) => [f.key, f]));
  /** 长春市（changchun）for a unit of the plan; a unit it does not name (a project owner) as is. */
  const name = (code: string): string => {
    const zh = input.names.get(code);
    return zh === undefined || zh === code ? code : `${zh}（${code}）`;
  };
  const cited = (f: CircularFigure): string =>
    `${f.key} = ${f.value}；依据事件：${f.eventIds.length === 0 ? '无（零）' : f.eventIds.join('，')}`;
  /** A value cell: the figure as stated, and its footnote. */
  const valueCell = (f: CircularFigure): TableCell =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          children: [new TextRun(f.value), note(cited(f))],
        }),
      ],
    });
  const textCell = (text: string, bold = false): TableCell =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const table = (header: string[], rows: TableCell[][]): Table =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: header.map((h) => textCell(h, true)) }),
        ...rows.map((cells) => new TableRow({ children: cells })),
      ],
    });
  const grouped = (prefix: string): CircularFigure[] =>
    input.figures.filter((f) => f.key.startsWith(prefix));
  const [year, monthNumber] = input.month.split('-').map(Number) as [number, number];
  const monthZh = `${year}年${monthNumber}月`;
  const body: Array<Paragraph | Table> = [];
  const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    body.push(new Paragraph({ heading: level, children: [new TextRun(text)] }));
  const line = (text: string) => body.push(new Paragraph({ children: [new TextRun(text)] }));
  const total = (key: string, label: string): void => {
    const f = byKey.get(key);
    if (f)
      body.push(new Paragraph({ children: [new TextRun(`${label}：${f.value}`), note(cited(f))] }));
  };

  body.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(`新基建“761”工程${monthZh}推进情况通报`)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun(
          // An ideographic space between the three, as Chinese official documents set them.
          `通报月份：${input.month}\u3000印发日期：${input.issuedOn}\u3000编号：${input.circularId}`,
        ),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({
          text: `本通报依据台账事件 ${input.eventId}（全局位置 ${input.position}）生成；每个数字的脚注注明其依据事件。`,
          size: 18,
        }),
      ],
    }),
  );

  heading('一、通报单位', HeadingLevel.HEADING_1);
  if (input.namedUnits.length === 0) line('本月无被通报单位。');
  for (const [i, unit] of input.namedUnits.entries()) {
    const refs = [
      ...unit.flagIds.map((id) => `风险 ${id}`),
      ...unit.scoreRefs.map((r) => `评分 ${r.period}/${r.unitCode}`),
    ];
    body.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${i + 1}. ${name(unit.unitCode)}`, bold: true }),
          new TextRun(`：${unit.reason}`),
          ...(refs.length > 0 ? [note(`通报依据：${refs.join('，')}`)] : []),
        ],
      }),
    );
  }

  heading('二、本月情况', HeadingLevel.HEADING_1);
  heading('（一）未解除的红色风险', HeadingLevel.HEADING_2);
  total('openRedFlags.total', '未解除红色风险合计（项）');
  const byNetwork = grouped('openRedFlags.network.');
  if (byNetwork.length > 0) {
    body.push(
      table(
        ['专项网络', '红色风险（项）'],
        byNetwork.map((f) => {
          const code = f.key.slice('openRedFlags.network.'.length);
          return [textCell(name(code)), valueCell(f)];
        }),
      ),
    );
  }
  const byRegion = grouped('openRedFlags.region.');
  if (byRegion.length > 0) {
    line('按地区（一个项目跨两个地区时两地各计一次）：');
    body.push(
      table(
        ['地区', '红色风险（项）'],
        byRegion.map((f) => {
          const code = f.key.slice('openRedFlags.region.'.length);
          return [textCell(name(code)), valueCell(f)];
        }),
      ),
    );
  }

  heading(`（二）${monthZh}考核评分排名`, HeadingLevel.HEADING_2);
  const scores = grouped('score.');
  if (scores.length === 0) line('本月尚未评分。');
  for (const kind of [...new Set(scores.map((f) => f.key.split('.')[1]!))]) {
    line(`${UNIT_KIND_ZH[kind] ?? kind}：`);
    body.push(
      table(
        ['名次', '单位', '得分'],
        scores
          .filter((f) => f.key.split('.')[1] === kind)
          .map((f) => {
            const unit = f.key.slice(`score.${kind}.`.length);
            const rank = byKey.get(`rank.${kind}.${unit}`);
            return [rank ? valueCell(rank) : textCell('—'), textCell(name(unit)), valueCell(f)];
          }),
      ),
    );
  }

  heading('（三）逾期未报的月调度报告', HeadingLevel.HEADING_2);
  total('overdueReports.total', `${input.month} 月调度报告逾期合计（份）`);
  const overdue = grouped('overdueReports.network.');
  if (overdue.length > 0) {
    body.push(
      table(
        ['专项网络', '逾期报告（份）'],
        overdue.map((f) => {
          const code = f.key.slice('overdueReports.network.'.length);
          return [textCell(name(code)), valueCell(f)];
        }),
      ),
    );
  }

  heading('（四）约谈', HeadingLevel.HEADING_2);
  total('summonses.total', '本月约谈（次）');

  heading('（五）要素保障问题', HeadingLevel.HEADING_2);
  const problems = grouped('problems.');
  if (problems.length === 0) line('本通报未计问题台账的件数。');
  else {
    line(`截至 ${monthEndOrIssue(input.month, input.issuedOn)}（月末；当月印发的按印发日）：`);
    body.push(
      table(
        ['指标', '件数'],
        problems.map((f) => [textCell(PROBLEM_FIGURE_ZH[f.key] ?? f.key), valueCell(f)]),
      ),
    );
  }

  heading('三、数据依据', HeadingLevel.HEADING_1);
  line('本表列出本通报的每一个数字、其键名，以及计数所依据的台账事件 id，可逐项与台账 API 核对。');
  body.push(
    table(
      ['键', '数值', '依据事件'],
      input.figures.map((f) => [
        textCell(f.key),
        textCell(f.value),
        textCell(f.eventIds.join(' ')),
      ]),
    ),
  );

  const document = new Document({
    creator: 'Progress Ledger',
    title: `${monthZh}通报`,
    description: `circular ${input.circularId}, event ${input.eventId}`,
    styles: { default: { document: { run: { font: 'SimSun', size: 22 } } } },
    footnotes,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
