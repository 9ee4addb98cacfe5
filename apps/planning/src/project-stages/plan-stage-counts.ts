/**
 * The plan's own stage counts (吉政发〔2020〕6号), with where it states them. Only a count the
 * document gives for a whole network and year measures a rate; where it counts part of a
 * network (the expressways, the ordinary trunk roads) the figure is shown as a source but
 * the network's plan count stays null, and where it gives none the count is null.
 * Each quote is the document's text, checked against the seed file by project-stages.spec.ts.
 */
export interface PlanStageCount {
  networkCode: string;
  year: number;
  /** 'network': the count covers the network's projects; 'partial': a part of them. */
  coverage: 'network' | 'partial';
  /** What the count counts, when partial. */
  part: string | null;
  newStart: number | null;
  continuing: number | null;
  completed: number | null;
  source: { line: number; quote: string };
}

export const PLAN_DOCUMENT = '吉政发〔2020〕6号';

export const PLAN_STAGE_COUNTS: readonly PlanStageCount[] = [
  {
    networkCode: 'power',
    year: 2020,
    coverage: 'network',
    part: null,
    newStart: 55,
    continuing: 8,
    completed: null,
    source: {
      line: 153,
      quote: '2020年,续建电网项目8个(含子项目52个),新开工电网项目55个(含子项目95个)',
    },
  },
  {
    networkCode: 'road',
    year: 2020,
    coverage: 'partial',
    part: 'expressways 高速公路',
    newStart: 5,
    continuing: 6,
    completed: 5,
    source: {
      line: 101,
      quote:
        '续建东丰至双辽、龙井至大蒲柴河、长春至拉林河、双辽至洮南、松原至通榆、九台至双阳6个项目949公里,新开工东丰至双辽辽宁段、长春至太平川、大蒲柴河至烟筒山和烟筒山至长春、集安至桓仁5个项目506公里,确保建成东丰至双辽吉林段、龙井至大蒲柴河、长春至拉林河、双辽至洮南、松原至通榆5个项目862公里',
    },
  },
  {
    networkCode: 'road',
    year: 2020,
    coverage: 'partial',
    part: 'ordinary national and provincial roads 普通国省道',
    newStart: 2,
    continuing: 16,
    completed: 2,
    source: {
      line: 102,
      quote:
        '续建国道绥沈线肇源至松原段、国道丹阿线园池至图们段等16个项目389公里,建成国道三莫线理化洞至新光段、省道天北线天池西门至松江河2个项目30公里;新开工国道抚公线营城子至伊通段、国道珲阿线石头口门绕越线2个项目36公里',
    },
  },
];

/** The counts that measure a network's rates in a year: the whole-network ones only. */
export function networkPlanCount(networkCode: string, year: number): PlanStageCount | null {
  return (
    PLAN_STAGE_COUNTS.find(
      (c) => c.networkCode === networkCode && c.year === year && c.coverage === 'network',
    ) ?? null
  );
}
