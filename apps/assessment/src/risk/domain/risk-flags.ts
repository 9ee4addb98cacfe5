import { Decider, assertNever } from '@ledger/domain-kernel';
import { RiskFlagEvent, RiskFlagResolved, RuleId, Severity, SubjectKind } from '@ledger/contracts';
import { RuleCheck } from './risk-rules';

export type {
  RiskFlagEvent,
  RiskFlagRaised,
  RiskFlagResolved,
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

export interface RiskFlagsState {
  open: ReadonlyMap<RuleId, Severity>;
}

/**
 * A flag is raised when its rule starts to hold, raised again when its severity changes,
 * and resolved when the rule no longer holds. The same checks again record nothing, so the
 * assessor may check as often as it likes.
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
      if (check.severity !== null && open !== check.severity) {
        events.push({ type: 'RiskFlagRaised', data: { ...base, severity: check.severity } });
      } else if (check.severity === null && open !== undefined) {
        events.push({ type: 'RiskFlagResolved', data: base });
      }
    }
    return events;
  },
  evolve(state, event) {
    const open = new Map(state.open);
    switch (event.type) {
      case 'RiskFlagRaised':
        open.set(event.data.rule, event.data.severity);
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
