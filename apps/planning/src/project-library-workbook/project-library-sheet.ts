import { FUNDING_SOURCES, FundingSource } from '@ledger/contracts/planning/project-vocabulary';
import { ColumnSpec, TableRow, TableSpec } from '@ledger/spreadsheets';
import { ProgrammeEstablished } from '../programme/domain/programme.events';
import { ProposeProjectInput } from '../project/graphql/project.inputs';
import { CONSTRUCTION_NATURES, ConstructionNature } from '../project/domain/project-vocabulary';

/**
 * The project library template (项目库): one row per project to propose, the inputs of
 * `proposeProject` as columns. Funding lines are one column per funding source of the plan
 * (an amount where the project draws on it), annual investment one column per year of the
 * plan's period: a row is flat, as a planner's sheet is.
 */
export const PROJECT_LIBRARY_SHEET = '项目库';
export const PROJECT_LIBRARY_TEMPLATE = 'project-library';
export const MAX_PROJECT_ROWS = 10_000;

export type FixedKey =
  | 'projectId'
  | 'nameZh'
  | 'nameEn'
  | 'networkCode'
  | 'categoryCode'
  | 'tags'
  | 'regionCode'
  | 'responsibleUnit'
  | 'constructionNature'
  | 'plannedTotalInvestment'
  | 'plannedStart'
  | 'plannedEnd'
  | 'synthetic';
export type FundingKey = `funding.${FundingSource}`;
export type AnnualKey = `annual.${number}`;
export type ProjectLibraryKey = FixedKey | FundingKey | AnnualKey;

/** 建设性质 in the planners' words (the codes are the API's). */
export const CONSTRUCTION_NATURE_ZH: Record<ConstructionNature, string> = {
  new_build: '新建',
  expansion: '扩建',
  reconstruction: '改建',
  continuing: '续建',
};

type Programme = ProgrammeEstablished['data'];

export function projectLibrarySpec(programme: Programme): TableSpec<ProjectLibraryKey> {
  const names = new Map(programme.fundingSources.map((f) => [f.code, f.nameZh]));
  const fixed = (
    key: FixedKey,
    headerZh: string,
    type: ColumnSpec['type'],
    required: boolean,
    note: string,
    width?: number,
  ): ColumnSpec<ProjectLibraryKey> => ({
    key,
    headerZh,
    headerEn: key,
    type,
    required,
    note,
    width,
  });
  const years: number[] = [];
  for (let y = programme.startYear; y <= programme.endYear; y++) years.push(y);
  return {
    sheetName: PROJECT_LIBRARY_SHEET,
    maxDataRows: MAX_PROJECT_ROWS,
    columns: [
      fixed(
        'projectId',
        '项目编号',
        'text',
        false,
        '小写字母、数字和“-”，3–80 位；留空则由行内容生成 / lower-case letters, digits, "-"; derived from the row when empty',
        24,
      ),
      fixed('nameZh', '项目名称', 'text', true, '中文项目名称 / the project name in Chinese', 36),
      fixed('nameEn', '英文名称', 'text', false, 'English name', 30),
      fixed('networkCode', '所属网络', 'text', true, `见${'代码表'} / a network code`),
      fixed(
        'categoryCode',
        '项目类别',
        'text',
        true,
        '须属于所选网络 / a category of the network',
        24,
      ),
      fixed(
        'tags',
        '新基建标签',
        'text',
        false,
        '标签代码，以逗号分隔 / tag codes, comma-separated',
        20,
      ),
      fixed('regionCode', '所在地区', 'text', true, '地区代码 / a region code'),
      fixed(
        'responsibleUnit',
        '项目单位',
        'text',
        true,
        '负责建设的单位 / the unit building it',
        28,
      ),
      fixed(
        'constructionNature',
        '建设性质',
        'text',
        true,
        '新建 new_build、扩建 expansion、改建 reconstruction、续建 continuing',
      ),
      fixed(
        'plannedTotalInvestment',
        '计划总投资（元）',
        'money',
        true,
        '元，文本，最多两位小数；须等于各资金来源之和 / yuan, at most 2 decimals; the funding columns add up to it',
        20,
      ),
      ...FUNDING_SOURCES.map((code): ColumnSpec<ProjectLibraryKey> => ({
        key: `funding.${code}`,
        headerZh: `资金来源：${names.get(code) ?? code}（元）`,
        headerEn: `fundingPlan.${code}`,
        type: 'money',
        required: false,
        note: '该来源的金额，元；不用则留空 / the amount from this source, empty if none',
        width: 20,
      })),
      fixed('plannedStart', '计划开工日期', 'date', true, 'YYYY-MM-DD'),
      fixed(
        'plannedEnd',
        '计划完工日期',
        'date',
        true,
        'YYYY-MM-DD，不早于开工 / not before the start',
      ),
      ...years.map((year): ColumnSpec<ProjectLibraryKey> => ({
        key: `annual.${year}`,
        headerZh: `${year}年计划投资（元）`,
        headerEn: `annualInvestmentPlan.${year}`,
        type: 'money',
        required: false,
        note: '该年计划投资，元 / planned investment in that year',
        width: 18,
      })),
      fixed(
        'synthetic',
        '模拟数据',
        'boolean',
        false,
        '是：演示或基准数据，并非真实项目 / 是 marks generated data, never a real project',
      ),
    ],
  };
}

/** What a row says, as proposeProject's input (the idempotency key is the row's own). */
export function proposalOf(
  row: TableRow<ProjectLibraryKey>,
  idempotencyKey: string,
):
  | { input: ProposeProjectInput; fieldCells: Map<string, string | null> }
  | { cell: string | null; message: string } {
  const v = row.values;
  const nature = natureOf(v.constructionNature ?? '');
  if (nature === null) {
    return {
      cell: row.cellOf('constructionNature'),
      message: `constructionNature: "${v.constructionNature ?? ''}" is not one of ${CONSTRUCTION_NATURES.map((n) => `${CONSTRUCTION_NATURE_ZH[n]} ${n}`).join(', ')}`,
    };
  }
  const cells = new Map<string, string | null>();
  const fixedKeys: FixedKey[] = [
    'projectId',
    'nameZh',
    'nameEn',
    'networkCode',
    'categoryCode',
    'tags',
    'regionCode',
    'responsibleUnit',
    'constructionNature',
    'plannedTotalInvestment',
    'plannedStart',
    'plannedEnd',
  ];
  for (const key of fixedKeys) cells.set(key, row.cellOf(key));
  const fundingPlan = FUNDING_SOURCES.flatMap((source) => {
    const amount = v[`funding.${source}`];
    if (amount === undefined) return [];
    return [{ source, amount, cell: row.cellOf(`funding.${source}`) }];
  });
  fundingPlan.forEach((line, i) => cells.set(`fundingPlan[${i}].amount`, line.cell));
  cells.set('fundingPlan', fundingPlan[0]?.cell ?? row.cellOf('plannedTotalInvestment'));
  const annual = Object.keys(v)
    .filter((k): k is AnnualKey => k.startsWith('annual.'))
    .sort()
    .map((k) => ({ year: Number(k.slice('annual.'.length)), amount: v[k]!, cell: row.cellOf(k) }));
  annual.forEach((line, i) => {
    cells.set(`annualInvestmentPlan[${i}].amount`, line.cell);
    cells.set(`annualInvestmentPlan[${i}].year`, line.cell);
  });
  cells.set('annualInvestmentPlan', annual[0]?.cell ?? null);
  const tags = (v.tags ?? '')
    .split(/[,，、\s]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  tags.forEach((_, i) => cells.set(`tags[${i}]`, row.cellOf('tags')));
  return {
    input: {
      idempotencyKey,
      projectId: v.projectId ?? null,
      nameZh: v.nameZh ?? '',
      nameEn: v.nameEn ?? null,
      networkCode: v.networkCode ?? '',
      categoryCode: v.categoryCode ?? '',
      tags,
      regionCode: v.regionCode ?? '',
      responsibleUnit: v.responsibleUnit ?? '',
      constructionNature: nature,
      plannedTotalInvestment: v.plannedTotalInvestment ?? '',
      fundingPlan: fundingPlan.map(({ source, amount }) => ({ source, amount })),
      plannedStart: v.plannedStart ?? '',
      plannedEnd: v.plannedEnd ?? '',
      annualInvestmentPlan: annual.map(({ year, amount }) => ({ year, amount })),
      synthetic: v.synthetic === 'true',
    },
    fieldCells: cells,
  };
}

/**
 * The code, or its Chinese word; null for anything else (GraphQL's enum refuses that before
 * the command is parsed: the import refuses it as the enum would).
 */
export function natureOf(text: string): ConstructionNature | null {
  return CONSTRUCTION_NATURES.find((n) => n === text || CONSTRUCTION_NATURE_ZH[n] === text) ?? null;
}

/** Where a rule's refusal points when it names no field. */
export const RULE_COLUMNS: Readonly<Record<string, ProjectLibraryKey>> = {
  PROJECT_ALREADY_EXISTS: 'projectId',
  END_BEFORE_START: 'plannedEnd',
  FUNDING_PLAN_MISMATCH: 'plannedTotalInvestment',
  ANNUAL_PLAN_EXCEEDS_TOTAL: 'plannedTotalInvestment',
  ANNUAL_PLAN_OUTSIDE_SCHEDULE: 'plannedStart',
};
