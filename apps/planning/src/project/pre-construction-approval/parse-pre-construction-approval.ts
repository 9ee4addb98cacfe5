import { InvalidCommandError } from '@ledger/domain-kernel';
import { PRE_CONSTRUCTION_APPROVAL_STEPS } from '@ledger/contracts/planning/pre-construction-approvals';
import { date, projectIdOf, text } from '../write/parse-project-input';
import { RecordPreConstructionApprovalInput } from './pre-construction-approval.inputs';
import { RecordPreConstructionApproval } from './record-pre-construction-approval';

/** The edge of recordPreConstructionApproval: every field checked, the field named. */
export function parseRecordPreConstructionApproval(
  input: RecordPreConstructionApprovalInput,
): RecordPreConstructionApproval {
  const step = PRE_CONSTRUCTION_APPROVAL_STEPS.find((s) => s === input.step);
  if (step === undefined) {
    throw new InvalidCommandError(
      'step',
      `step must be one of ${PRE_CONSTRUCTION_APPROVAL_STEPS.join(', ')}`,
    );
  }
  return {
    type: 'RecordPreConstructionApproval',
    projectId: projectIdOf(input.projectId),
    step,
    issuedOn: date(input.issuedOn, 'issuedOn'),
    issuingBody: text(input.issuingBody, 'issuingBody'),
    documentNumber: text(input.documentNumber, 'documentNumber'),
  };
}
