import { LocalDate } from '@ledger/domain-kernel';
import { deciderSpecification } from '@ledger/testing';
import { ProblemCommand, ProblemId } from './problem.commands';
import { problemDecider } from './problem.decider';
import { ProblemRule } from './problem.decide';
import { ProblemEvent } from './problem.events';

const id = 'PRB-1' as ProblemId;
const d = (s: string): LocalDate => s as LocalDate;

const raise = (status = 'approved', today = '2021-03-01'): ProblemCommand => ({
  type: 'RaiseProblem',
  problemId: id,
  projectId: 'p-1',
  project: { status },
  kind: 'land',
  description: '建设用地预审未批复',
  raisedBy: 'changchun',
  today: d(today),
});
const escalate = (to: 'joint-meeting' | 'leading-group', today = '2021-03-03'): ProblemCommand => ({
  type: 'EscalateProblem',
  problemId: id,
  to,
  today: d(today),
});
const assign = (
  departmentCode = 'natural-resources-department',
  dueOn = '2021-03-20',
  today = '2021-03-05',
): ProblemCommand => ({
  type: 'AssignProblem',
  problemId: id,
  departmentCode,
  dueOn: d(dueOn),
  today: d(today),
});
const answer = (
  today = '2021-03-18',
  answeredBy = 'natural-resources-department',
  byOffice = false,
): ProblemCommand => ({
  type: 'AnswerProblem',
  problemId: id,
  answer: '已纳入用地预审绿色通道',
  answeredBy,
  byOffice,
  today: d(today),
});
const close = (withoutAnswer = false, today = '2021-03-25'): ProblemCommand => ({
  type: 'CloseProblem',
  problemId: id,
  resolution: '用地预审已批复',
  withoutAnswer,
  today: d(today),
});

const raised: ProblemEvent = {
  type: 'ProblemRaised',
  data: {
    problemId: id,
    projectId: 'p-1',
    kind: 'land',
    description: '建设用地预审未批复',
    raisedBy: 'changchun',
    raisedOn: '2021-03-01',
    validAt: '2021-03-01',
  },
};
const toJointMeeting: ProblemEvent = {
  type: 'ProblemEscalated',
  data: {
    problemId: id,
    projectId: 'p-1',
    to: 'joint-meeting',
    escalatedOn: '2021-03-03',
    validAt: '2021-03-03',
  },
};
const assigned: ProblemEvent = {
  type: 'ProblemAssigned',
  data: {
    problemId: id,
    projectId: 'p-1',
    departmentCode: 'natural-resources-department',
    dueOn: '2021-03-20',
    assignedOn: '2021-03-05',
    validAt: '2021-03-05',
  },
};
const answered: ProblemEvent = {
  type: 'ProblemAnswered',
  data: {
    problemId: id,
    projectId: 'p-1',
    answer: '已纳入用地预审绿色通道',
    answeredBy: 'natural-resources-department',
    answeredOn: '2021-03-18',
    late: false,
    validAt: '2021-03-18',
  },
};
const closed: ProblemEvent = {
  type: 'ProblemClosed',
  data: {
    problemId: id,
    projectId: 'p-1',
    resolution: '用地预审已批复',
    closedOn: '2021-03-25',
    validAt: '2021-03-25',
  },
};

const { given, rulesSeen } = deciderSpecification(problemDecider);

describe('the problem register (要素保障)', () => {
  it('walks a problem from raised to closed, each step an event dated the day it happens', () => {
    given().when(raise()).then([raised]);
    given(raised).when(escalate('joint-meeting')).then([toJointMeeting]);
    given(raised, toJointMeeting).when(assign()).then([assigned]);
    given(raised, toJointMeeting, assigned).when(answer()).then([answered]);
    const state = given(raised, toJointMeeting, assigned, answered).when(close()).then([closed]);
    expect(state.problem?.status).toBe('closed');
  });

  describe('raising', () => {
    it('happens once per problem', () => {
      given(raised).when(raise()).thenRejects('PROBLEM_ALREADY_RAISED');
    });
    it('is for a project still being prepared or built', () => {
      given().when(raise('cancelled')).thenRejects('PROJECT_NOT_ACTIVE');
      given().when(raise('completed')).thenRejects('PROJECT_NOT_ACTIVE');
      expect(given().when(raise('proposed')).events()).toHaveLength(1);
      expect(given().when(raise('suspended')).events()).toHaveLength(1);
    });
  });

  it('takes no step for a problem never raised', () => {
    for (const command of [escalate('joint-meeting'), assign(), answer(), close(true)]) {
      given().when(command).thenRejects('PROBLEM_NOT_FOUND');
    }
  });

  describe('escalation', () => {
    it('goes up from the joint meeting to the leading group, or straight to the leading group', () => {
      expect(given(raised, toJointMeeting).when(escalate('leading-group')).events()).toEqual([
        {
          type: 'ProblemEscalated',
          data: { ...toJointMeeting.data, to: 'leading-group' },
        },
      ]);
      expect(given(raised).when(escalate('leading-group')).events()).toHaveLength(1);
    });
    it('never to the same level again, nor down', () => {
      given(raised, toJointMeeting)
        .when(escalate('joint-meeting'))
        .thenRejects('ESCALATION_NOT_HIGHER');
      const atLeadingGroup = given(raised).when(escalate('leading-group')).events();
      given(raised, ...atLeadingGroup)
        .when(escalate('joint-meeting'))
        .thenRejects('ESCALATION_NOT_HIGHER');
    });
    it('may follow an assignment that went unanswered, and leaves it assigned', () => {
      const state = given(raised, assigned)
        .when(escalate('leading-group', '2021-03-22'))
        .then([
          {
            type: 'ProblemEscalated',
            data: {
              problemId: id,
              projectId: 'p-1',
              to: 'leading-group',
              escalatedOn: '2021-03-22',
              validAt: '2021-03-22',
            },
          },
        ]);
      expect(state.problem?.status).toBe('assigned');
    });
    it('is over once the problem is answered', () => {
      given(raised, assigned, answered)
        .when(escalate('leading-group'))
        .thenRejects('ALREADY_ANSWERED');
    });
  });

  describe('assignment', () => {
    it('needs no escalation first: the office may assign what needs no meeting', () => {
      given(raised).when(assign()).then([assigned]);
    });
    it('names a due date on or after the day of assignment', () => {
      given(raised)
        .when(assign('natural-resources-department', '2021-03-04'))
        .thenRejects('DUE_BEFORE_ASSIGNMENT');
      expect(
        given(raised).when(assign('natural-resources-department', '2021-03-05')).events(),
      ).toHaveLength(1);
    });
    it('may be changed before the answer, to another department or date, but not repeated', () => {
      const state = given(raised, assigned)
        .when(assign('forestry-grassland-bureau', '2021-03-30', '2021-03-10'))
        .then([
          {
            type: 'ProblemAssigned',
            data: {
              problemId: id,
              projectId: 'p-1',
              departmentCode: 'forestry-grassland-bureau',
              dueOn: '2021-03-30',
              assignedOn: '2021-03-10',
              validAt: '2021-03-10',
            },
          },
        ]);
      expect(state.problem).toMatchObject({
        departmentCode: 'forestry-grassland-bureau',
        dueOn: '2021-03-30',
      });
      given(raised, assigned).when(assign()).thenRejects('NOTHING_CHANGED');
    });
    it('is over once the problem is answered', () => {
      given(raised, assigned, answered).when(assign()).thenRejects('ALREADY_ANSWERED');
    });
  });

  describe('answers', () => {
    it('come only after assignment: nobody owes one before', () => {
      given(raised).when(answer()).thenRejects('NOT_ASSIGNED');
      given(raised, toJointMeeting).when(answer()).thenRejects('NOT_ASSIGNED');
    });
    it('come from the assigned department, or from the office in its stead', () => {
      given(raised, assigned)
        .when(answer('2021-03-18', 'finance-department'))
        .thenRejects('NOT_ASSIGNED_DEPARTMENT');
      const [byOffice] = given(raised, assigned)
        .when(answer('2021-03-18', 'provincial-drc', true))
        .events();
      expect(byOffice?.data).toMatchObject({ answeredBy: 'provincial-drc', late: false });
    });
    it('are late after the due date, on time on it', () => {
      const [onTheDay] = given(raised, assigned).when(answer('2021-03-20')).events();
      const [dayAfter] = given(raised, assigned).when(answer('2021-03-21')).events();
      expect(onTheDay?.type === 'ProblemAnswered' && onTheDay.data.late).toBe(false);
      expect(dayAfter?.type === 'ProblemAnswered' && dayAfter.data.late).toBe(true);
    });
    it('are given once', () => {
      given(raised, assigned, answered).when(answer()).thenRejects('ALREADY_ANSWERED');
    });
  });

  describe('closing', () => {
    it('needs an answer first', () => {
      given(raised).when(close()).thenRejects('NOT_ANSWERED');
      given(raised, assigned).when(close()).thenRejects('NOT_ANSWERED');
    });
    it('without an answer only when the office says so, with its resolution', () => {
      given(raised, assigned).when(close(true)).then([closed]);
    });
    it('ends the problem: no step follows it', () => {
      for (const command of [
        escalate('leading-group'),
        assign('finance-department'),
        answer(),
        close(),
      ]) {
        given(raised, assigned, answered, closed).when(command).thenRejects('PROBLEM_CLOSED');
      }
    });
  });

  afterAll(() => {
    const rules: Record<ProblemRule, true> = {
      PROBLEM_ALREADY_RAISED: true,
      PROJECT_NOT_ACTIVE: true,
      PROBLEM_NOT_FOUND: true,
      PROBLEM_CLOSED: true,
      ALREADY_ANSWERED: true,
      ESCALATION_NOT_HIGHER: true,
      DUE_BEFORE_ASSIGNMENT: true,
      NOTHING_CHANGED: true,
      NOT_ASSIGNED: true,
      NOT_ASSIGNED_DEPARTMENT: true,
      NOT_ANSWERED: true,
    };
    // Every rule of the decider is shown refusing something above.
    expect([...rulesSeen].sort()).toEqual(Object.keys(rules).sort());
  });
});
