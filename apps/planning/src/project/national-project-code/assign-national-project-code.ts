import { LocalDate, RuleViolation } from '@ledger/domain-kernel';
import { ProjectId } from '../domain/project-id';
import { ProjectEvent } from '../domain/project.events';
import { ExistingProject, ProjectState } from '../domain/project.state';
import { NationalProjectCode, nationalProjectCodeParts } from './national-project-code';

/** The platform assigned the project its code (赋码): parsed and format-checked at the edge. */
export interface AssignNationalProjectCode {
  type: 'AssignNationalProjectCode';
  projectId: ProjectId;
  code: NationalProjectCode;
  assignedOn: LocalDate;
}

/** Stable rule codes of the national code and of the pre-construction approvals. */
export type ApprovalRule =
  | 'PROJECT_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'NATIONAL_CODE_ALREADY_ASSIGNED'
  | 'NATIONAL_CODE_YEAR_AFTER_ASSIGNMENT'
  | 'APPROVAL_ALREADY_RECORDED'
  | 'APPROVAL_NOT_APPLICABLE'
  | 'APPROVAL_OUT_OF_ORDER';

export function approvalViolation(rule: ApprovalRule, message: string): RuleViolation {
  return new RuleViolation(rule, message);
}

export function requireOpenProject(state: ProjectState, action: string): ExistingProject {
  if (state.status === 'none') throw approvalViolation('PROJECT_NOT_FOUND', 'no such project');
  if (state.status === 'cancelled') {
    throw approvalViolation('INVALID_TRANSITION', `cannot ${action} a cancelled project`);
  }
  return state;
}

/**
 * A project has one code for its whole life (GB/T 40058-2021 7.1: 一项一码); a second code,
 * or the same one again, is refused. The code's time code is the year it was applied for,
 * so it cannot be later than the day it was assigned.
 */
export function decideAssignNationalProjectCode(
  command: AssignNationalProjectCode,
  state: ProjectState,
): ProjectEvent[] {
  const project = requireOpenProject(state, 'assign a national project code to');
  if (project.nationalProjectCode !== null) {
    throw approvalViolation(
      'NATIONAL_CODE_ALREADY_ASSIGNED',
      project.nationalProjectCode === command.code
        ? `the project already has the code ${command.code}`
        : `the project already has the code ${project.nationalProjectCode}; a project keeps one code`,
    );
  }
  const parts = nationalProjectCodeParts(command.code);
  if (typeof parts !== 'string' && parts.year > Number(command.assignedOn.slice(0, 4))) {
    throw approvalViolation(
      'NATIONAL_CODE_YEAR_AFTER_ASSIGNMENT',
      `the code's year ${parts.year} is after the day it was assigned (${command.assignedOn})`,
    );
  }
  return [
    {
      type: 'NationalProjectCodeAssigned',
      data: {
        projectId: command.projectId,
        code: command.code,
        assignedOn: command.assignedOn,
        validAt: command.assignedOn,
      },
    },
  ];
}
