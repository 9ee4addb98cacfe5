import { Decider, assertNever } from '@ledger/domain-kernel';
import { RiskFlagEvent, RiskFlagResolved, RuleId, Severity, SubjectKind } from '@ledger/contracts';
import { RuleCheck } from './risk-rules';

export type {
  RiskFlagEvent,
  RiskFlagRaised,
  RiskFlagResolved,
  RiskFlagUpdated,
  SubjectKind,
} from '@ledger/contracts';
export { RISK_FLAG_EVENT_TYPES } from '@ledger/contracts';

/** Record what the rules found for one subject on one day. */
export interface RecordRiskChecks {
  type: 'RecordRiskChecks';
  subjectKind: SubjectKind;
  subject: string;
  asOf: string;
  configVersion: string;
  checks: RuleCheck[];
}

/** What an open flag shows now: its severity and its figures, as the rule formatted them. */
export interface OpenFlag {
  severity: Severity;
  figures: Readonly<Record<string, string>>;
}

export interface RiskFlagsState {
  open: ReadonlyMap<RuleId, OpenFlag>;
}

/**
 * Whether the figures the rule measures by read the same as shown: the rules format every
 * figure as text (two decimals), so text compares.
 */
function sameMeasures(
  measures: readonly string[],
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  return measures.every((name) => a[name] === b[name]);
}

/**
 * A flag is raised when its rule starts to hold, updated while it holds whenever its severity
 * or a figure it measures by changes, and resolved when the rule no longer holds. The same findings
 * again record nothing (nor do new evidence ids behind the same figures), so the assessor may
 * check as often as it likes without a stream of identical updates.
 */
export const riskFlagsDecider: Decider<RecordRiskChecks, RiskFlagEvent, RiskFlagsState> = {
  initialState: { open: new Map() },
  decide(command, state) {
    const events: RiskFlagEvent[] = [];
    for (const check of command.checks) {
      const open = state.open.get(check.rule);
      const base: RiskFlagResolved['data'] = {
        subjectKind: command.subjectKind,
        subject: command.subject,
        projectId: command.subjectKind === 'project' ? command.subject : null,
        rule: check.rule,
        asOf: command.asOf,
        configVersion: command.configVersion,
        evidence: check.evidence,
      };
      if (check.severity === null) {
        if (open !== undefined) events.push({ type: 'RiskFlagResolved', data: base });
      } else if (open === undefined) {
        events.push({ type: 'RiskFlagRaised', data: { ...base, severity: check.severity } });
      } else if (
        open.severity !== check.severity ||
        !sameMeasures(check.measures, open.figures, check.evidence.figures)
      ) {
        events.push({
          type: 'RiskFlagUpdated',
          data: { ...base, severity: check.severity, previousSeverity: open.severity },
        });
      }
    }
    return events;
  },
  evolve(state, event) {
    const open = new Map(state.open);
    switch (event.type) {
      // A raise while open is an older stream's change of severity: the same as an update.
      case 'RiskFlagRaised':
      case 'RiskFlagUpdated':
        open.set(event.data.rule, {
          severity: event.data.severity,
          figures: event.data.evidence.figures,
        });
        break;
      case 'RiskFlagResolved':
        open.delete(event.data.rule);
        break;
      default:
        assertNever(event);
    }
    return { open };
  },
};

export const riskFlagStreamId = (kind: SubjectKind, subject: string): string =>
  kind === 'project' ? `risk-flags-${subject}` : `risk-flags-${kind}-${subject}`;
