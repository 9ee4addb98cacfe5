import ExcelJS from 'exceljs';
import { FUNDING_SOURCES } from '@ledger/contracts/planning/project-vocabulary';
import { ProjectEvent } from '@ledger/contracts';
import { formatYuan, parseYuan, Fen } from '@ledger/domain-kernel';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

/** The bench's workbook: the synthetic programme's proposals in the server's template. */
const SHEET = '项目库';

type Proposed = Extract<ProjectEvent, { type: 'ProjectProposed' }>['data'];

/** The synthetic programme's proposals, each with a two-source funding plan that adds up. */
export function proposals(projects: number): Proposed[] {
  const out: Proposed[] = [];
  for (const stream of syntheticProgramme({
    projects,
    months: 72,
    disbursementsPerMonth: 0,
    seed: 761,
    dueOn: () => '2020-01-01',
  })) {
    for (const event of stream.events) {
      if (event.type !== 'ProjectProposed') continue;
      const total = parseYuan(event.data.plannedTotalInvestment, 'total');
      const bonds = ((total / 2n / 100n) * 100n) as Fen;
      out.push({
        ...event.data,
        fundingPlan: [
          { source: 'special_bonds', amount: formatYuan(bonds) },
          { source: 'bank_credit', amount: formatYuan((total - bonds) as Fen) },
        ],
      });
    }
  }
  return out;
}

type Load = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];

/** The server's template with one row per proposal, written as a planner's Excel would keep it. */
export async function filled(template: Buffer, rows: readonly Proposed[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // The template's validations stay out of the filled copy: exceljs rewrites them cell by cell
  // (minutes for 10,000 rows of 30 columns), which is the bench's cost, not the import's.
  await workbook.xlsx.load(template as unknown as Load, { ignoreNodes: ['dataValidations'] });
  const sheet = workbook.getWorksheet(SHEET)!;
  const column = new Map<string, number>();
  sheet.getRow(2).eachCell((cell, n) => column.set(cell.text, n));
  const set = (row: number, field: string, value: ExcelJS.CellValue): void => {
    const n = column.get(field);
    if (n === undefined) throw new Error(`the template has no column ${field}`);
    sheet.getCell(row, n).value = value;
  };
  rows.forEach((p, i) => {
    const r = i + 3;
    set(r, 'projectId', p.projectId);
    set(r, 'nameZh', p.nameZh);
    set(r, 'nameEn', p.nameEn);
    set(r, 'networkCode', p.networkCode);
    set(r, 'categoryCode', p.categoryCode);
    set(r, 'tags', p.tags.join(','));
    set(r, 'regionCode', p.regionCode);
    set(r, 'responsibleUnit', p.responsibleUnit);
    set(r, 'constructionNature', p.constructionNature);
    set(r, 'plannedTotalInvestment', p.plannedTotalInvestment);
    for (const line of p.fundingPlan) {
      if (!FUNDING_SOURCES.includes(line.source)) throw new Error(`no source ${line.source}`);
      set(r, `fundingPlan.${line.source}`, line.amount);
    }
    set(r, 'plannedStart', p.plannedStart);
    set(r, 'plannedEnd', p.plannedEnd);
    for (const a of p.annualInvestmentPlan) set(r, `annualInvestmentPlan.${a.year}`, a.amount);
    set(r, 'synthetic', '是');
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
