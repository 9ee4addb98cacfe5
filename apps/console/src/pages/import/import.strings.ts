import { Strings } from '../../app/i18n';

export const IMPORT_STRINGS: Strings<
  | 'heading'
  | 'intro'
  | 'kind'
  | 'projectLibrary'
  | 'dispatchReport'
  | 'template'
  | 'upload'
  | 'importing'
  | 'summary'
  | 'refusedWhole'
  | 'report'
  | 'row'
  | 'outcome'
  | 'code'
  | 'cell'
  | 'message'
  | 'project'
  | 'RECORDED'
  | 'REPLAYED'
  | 'REFUSED'
> = {
  zh: {
    heading: 'Excel 导入',
    intro:
      '下载模板，在 Excel 或 WPS 中填写后上传。每行单独记录或单独被拒；同一文件再次导入不会重复记录。',
    kind: '模板',
    projectLibrary: '项目库',
    dispatchReport: '月度调度报告',
    template: '下载模板',
    upload: '上传填好的文件',
    importing: '正在导入……',
    summary: '已记录 {recorded} 行，已存在 {replayed} 行，被拒 {refused} 行',
    refusedWhole: '文件被拒，未记录任何内容：{message}',
    report: '下载导入结果',
    row: '行号',
    outcome: '结果',
    code: '代码',
    cell: '单元格',
    message: '原因',
    project: '项目编号',
    RECORDED: '已记录',
    REPLAYED: '已存在',
    REFUSED: '被拒',
  },
  en: {
    heading: 'Excel import',
    intro:
      'Download a template, fill it in Excel or WPS, upload it. Each row is recorded or refused on its own; importing the same file again records nothing new.',
    kind: 'Template',
    projectLibrary: 'Project library',
    dispatchReport: 'Monthly dispatch reports',
    template: 'Download the template',
    upload: 'Upload the filled file',
    importing: 'Importing…',
    summary: '{recorded} rows recorded, {replayed} already recorded, {refused} refused',
    refusedWhole: 'The file was refused, nothing was recorded: {message}',
    report: 'Download the result',
    row: 'Row',
    outcome: 'Outcome',
    code: 'Code',
    cell: 'Cell',
    message: 'Reason',
    project: 'Project',
    RECORDED: 'Recorded',
    REPLAYED: 'Already recorded',
    REFUSED: 'Refused',
  },
};
