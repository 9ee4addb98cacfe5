import { InvalidCommandError, parseYuan } from '@ledger/domain-kernel';
import { ReportContent } from '../domain/dispatch-report.commands';
import { DispatchReportInput } from '../graphql/dispatch-report.types';

function text(value: string | null | undefined, field: string, max: number): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new InvalidCommandError(field, `${field} must be between 1 and ${max} characters`);
  }
  return trimmed;
}

/** "37.5" -> 3750 hundredths of a percent; 0-100 with at most two decimals. */
function basisPoints(value: string, field: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value);
  const points = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN;
  if (!match || points > 10_000) {
    throw new InvalidCommandError(
      field,
      `${field} must be a percentage from 0 to 100, e.g. "37.5"`,
    );
  }
  return points;
}

export function parseReportContent(input: DispatchReportInput): ReportContent {
  if (input.quantities.length > 50) {
    throw new InvalidCommandError('quantities', 'at most 50 quantities per report');
  }
  return {
    investmentInMonth: parseYuan(input.investmentInMonth, 'investmentInMonth'),
    cumulativeInvestment: parseYuan(input.cumulativeInvestment, 'cumulativeInvestment'),
    physicalProgressBasisPoints: basisPoints(
      input.physicalProgressPercent,
      'physicalProgressPercent',
    ),
    physicalProgress: text(input.physicalProgress, 'physicalProgress', 500),
    quantities: input.quantities.map((q, i) => {
      if (!/^\d{1,12}(\.\d{1,4})?$/.test(q.quantity)) {
        throw new InvalidCommandError(
          `quantities[${i}].quantity`,
          'a quantity is a non-negative decimal',
        );
      }
      return {
        indicatorCode: text(q.indicatorCode, `quantities[${i}].indicatorCode`, 80),
        quantity: q.quantity,
        unit: text(q.unit, `quantities[${i}].unit`, 40),
      };
    }),
    problems: input.problems ? text(input.problems, 'problems', 2000) : null,
    submittedBy: text(input.submittedBy, 'submittedBy', 200),
  };
}
