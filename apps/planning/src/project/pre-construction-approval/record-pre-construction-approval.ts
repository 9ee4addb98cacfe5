import { LocalDate } from '@ledger/domain-kernel';
import {
  PRE_CONSTRUCTION_APPROVAL_STEPS,
  PreConstructionApprovalStep,
  approvalApplicability,
} from '@ledger/contracts/planning/pre-construction-approvals';
import { ProjectId } from '../domain/project-id';
import { ProjectEvent } from '../domain/project.events';
import { ProjectState } from '../domain/project.state';
import {
  approvalViolation,
  requireOpenProject,
} from '../national-project-code/assign-national-project-code';

/** One pre-construction approval as issued: who issued it, when, under which number. */
export interface RecordPreConstructionApproval {
  type: 'RecordPreConstructionApproval';
  projectId: ProjectId;
  step: PreConstructionApprovalStep;
  issuedOn: LocalDate;
  issuingBody: string;
  documentNumber: string;
}

/**
 * The rules (docs/planning/pre-construction-approvals.md):
 * - a step that does not apply to the project is refused (approvalApplicability);
 * - each step is recorded once: a second is refused, a correction is not this command;
 * - the construction permit comes last: every other required step is recorded first (the
 *   existing 立项审批, ProjectApproved, counts as project-approval), and it is not dated
 *   before any of them. The other steps are taken in parallel in practice (并联审批), so
 *   their order among themselves is not enforced.
 */
export function decideRecordPreConstructionApproval(
  command: RecordPreConstructionApproval,
  state: ProjectState,
): ProjectEvent[] {
  const project = requireOpenProject(state, 'record an approval for');
  const applies = approvalApplicability(project);
  if (applies.notApplicable.includes(command.step)) {
    throw approvalViolation(
      'APPROVAL_NOT_APPLICABLE',
      `${command.step} does not apply to this ${project.networkCode} project${project.constructionNature ? ` (${project.constructionNature})` : ''}`,
    );
  }
  const before = project.approvals.get(command.step);
  if (before !== undefined) {
    throw approvalViolation(
      'APPROVAL_ALREADY_RECORDED',
      `${command.step} is already recorded for this project (issued ${before})`,
    );
  }
  if (command.step === 'construction-permit') {
    const dates = new Map(project.approvals);
    if (project.approvedOn !== null && !dates.has('project-approval')) {
      dates.set('project-approval', project.approvedOn);
    }
    const missing = PRE_CONSTRUCTION_APPROVAL_STEPS.filter(
      (s) => s !== 'construction-permit' && applies.required.includes(s) && !dates.has(s),
    );
    if (missing.length > 0) {
      throw approvalViolation(
        'APPROVAL_OUT_OF_ORDER',
        `the construction permit comes after ${missing.join(', ')}, not yet recorded`,
      );
    }
    const later = [...dates].find(([, on]) => on > command.issuedOn);
    if (later) {
      throw approvalViolation(
        'APPROVAL_OUT_OF_ORDER',
        `the construction permit (${command.issuedOn}) cannot be dated before ${later[0]} (${later[1]})`,
      );
    }
  }
  return [
    {
      type: 'PreConstructionApprovalRecorded',
      data: {
        projectId: command.projectId,
        step: command.step,
        issuedOn: command.issuedOn,
        issuingBody: command.issuingBody,
        documentNumber: command.documentNumber,
        validAt: command.issuedOn,
      },
    },
  ];
}
