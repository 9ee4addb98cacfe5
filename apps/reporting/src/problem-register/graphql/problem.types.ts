import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IN_REPORTING } from '../../reporting.schema';

export enum ProblemStatus {
  RAISED = 'raised',
  ESCALATED = 'escalated',
  ASSIGNED = 'assigned',
  ANSWERED = 'answered',
  CLOSED = 'closed',
}
registerEnumType(ProblemStatus, {
  ...IN_REPORTING,
  name: 'ProblemStatus',
  description: 'Where a problem of the register stands: its last step.',
});

const KEY = 'Retrying with the same key records nothing new.';

@InputType(IN_REPORTING)
export class RaiseProblemInput {
  @Field({ description: KEY })
  idempotencyKey!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Your id for the problem; derived from the idempotency key when omitted.',
  })
  problemId?: string | null;
  @Field()
  projectId!: string;
  @Field({
    description:
      'land | forest-land | funds | approvals | energy | labour | other (用地, 林地, 资金, 审批, 能源, 用工, 其他).',
  })
  kind!: string;
  @Field()
  description!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The raising unit. A region or department raises as itself (this may only name it); the office may name a department or region of the plan, else provincial-drc.',
  })
  raisedBy?: string | null;
}

@InputType(IN_REPORTING)
export class EscalateProblemInput {
  @Field({ description: KEY })
  idempotencyKey!: string;
  @Field()
  problemId!: string;
  @Field({ description: 'joint-meeting (联席会议) or leading-group (领导小组).' })
  to!: string;
}

@InputType(IN_REPORTING)
export class AssignProblemInput {
  @Field({ description: KEY })
  idempotencyKey!: string;
  @Field()
  problemId!: string;
  @Field({ description: 'A department of the plan, e.g. natural-resources-department.' })
  departmentCode!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; or dueInWorkingDays.' })
  dueOn?: string | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Due this many PRC working days after today (holidays and exchanged weekends counted); or dueOn.',
  })
  dueInWorkingDays?: number | null;
}

@InputType(IN_REPORTING)
export class AnswerProblemInput {
  @Field({ description: KEY })
  idempotencyKey!: string;
  @Field()
  problemId!: string;
  @Field()
  answer!: string;
}

@InputType(IN_REPORTING)
export class CloseProblemInput {
  @Field({ description: KEY })
  idempotencyKey!: string;
  @Field()
  problemId!: string;
  @Field()
  resolution!: string;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Close a problem that has no answer (it went away another way): only when said.',
  })
  withoutAnswer!: boolean;
}

@ObjectType({ ...IN_REPORTING, description: 'A problem holding a project back (要素保障).' })
export class Problem {
  @Field()
  problemId!: string;
  @Field()
  projectId!: string;
  @Field(() => String, { nullable: true })
  networkCode!: string | null;
  @Field()
  kind!: string;
  @Field()
  description!: string;
  @Field()
  raisedBy!: string;
  @Field()
  raisedOn!: string;
  @Field(() => ProblemStatus)
  status!: ProblemStatus;
  @Field(() => String, { nullable: true })
  escalatedTo!: string | null;
  @Field(() => String, { nullable: true })
  escalatedOn!: string | null;
  @Field(() => String, { nullable: true })
  departmentCode!: string | null;
  @Field(() => String, { nullable: true })
  dueOn!: string | null;
  @Field(() => String, { nullable: true })
  assignedOn!: string | null;
  @Field(() => String, { nullable: true })
  answer!: string | null;
  @Field(() => String, { nullable: true })
  answeredBy!: string | null;
  @Field(() => String, { nullable: true })
  answeredOn!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Answered after its due date.' })
  late!: boolean | null;
  @Field(() => String, { nullable: true })
  resolution!: string | null;
  @Field(() => String, { nullable: true })
  closedOn!: string | null;
  @Field(() => Int, {
    description: "Days open: to its closing, or to today's date on the ledger's clock.",
  })
  daysOpen!: number;
  @Field({ description: "Assigned, unanswered and past its due date, on the ledger's clock." })
  overdue!: boolean;
  @Field(() => [String], { description: 'The ids of its events, oldest first.' })
  eventIds!: string[];
}

@ObjectType({ ...IN_REPORTING, description: "One unit's open problems on a date." })
export class UnitProblems {
  @Field({ description: 'A region or department code (raised by it, or assigned to it).' })
  unit!: string;
  @Field(() => Int)
  open!: number;
  @Field(() => Int, { nullable: true, description: 'Age in days of its oldest open problem.' })
  oldestOpenDays!: number | null;
  @Field(() => Int, { description: 'Answers it owes past their due date.' })
  overdueAnswers!: number;
}

@ObjectType(IN_REPORTING)
export class ProblemResult {
  @Field()
  replayed!: boolean;
  @Field({ description: 'False when recorded but the read model lags: query again shortly.' })
  projected!: boolean;
  @Field(() => String, { nullable: true })
  position!: string | null;
  @Field(() => Problem, { nullable: true, description: 'The problem after the command.' })
  problem!: Problem | null;
}
