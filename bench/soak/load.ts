/**
 * The soak's client, in a process of its own (never the servers'): the SYNTHETIC
 * programme's planning commands (proposal, approval, start of works, monthly disbursements)
 * sent one by one to the gateway at SOAK_RATE commands/s for SOAK_SECONDS, many projects
 * at a time and each project's commands in order. A command answered UNAVAILABLE (or not
 * answered at all) is sent again with its idempotency key after the Retry-After, as a
 * client should; after the time is up, such commands are still retried for up to
 * SOAK_DRAIN_SECONDS so that every command has a final answer.
 *
 * stdout: one JSON line per answer ({"t","kind","key","stream","status","code","http","ms"}),
 * then {"summary": ...}.
 */
import { loadPrcCalendar } from '../../apps/reporting/src/calendar/working-calendar';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';
import { ProjectEvent } from '@ledger/contracts';

export type AnswerStatus =
  'accepted' | 'replayed' | 'unavailable' | 'failed' | 'rejected' | 'unreachable';

export interface AnswerLine {
  /** ms since the loader started. */
  t: number;
  kind: string;
  key: string;
  stream: string;
  status: AnswerStatus;
  code: string | null;
  http: number | null;
  ms: number;
}

interface Command {
  kind: 'proposeProject' | 'approveProject' | 'startConstruction' | 'disburseFunds';
  key: string;
  stream: string;
  input: Record<string, unknown>;
}

const MUTATION: Record<Command['kind'], string> = {
  proposeProject: `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
  approveProject: `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
  startConstruction: `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
  disburseFunds: `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
};

/** A planning event of the generator as the command that records it. */
function commandOf(event: ProjectEvent, stream: string): Command | null {
  const key = (what: string) => `soak-${String(event.data.projectId)}-${what}`;
  switch (event.type) {
    case 'ProjectProposed': {
      const d = event.data;
      return {
        kind: 'proposeProject',
        key: key('propose'),
        stream,
        input: {
          idempotencyKey: key('propose'),
          projectId: d.projectId,
          nameZh: d.nameZh,
          nameEn: d.nameEn,
          networkCode: d.networkCode,
          categoryCode: d.categoryCode,
          tags: d.tags,
          regionCode: d.regionCode,
          responsibleUnit: d.responsibleUnit,
          constructionNature: d.constructionNature,
          plannedTotalInvestment: d.plannedTotalInvestment,
          fundingPlan: d.fundingPlan,
          plannedStart: d.plannedStart,
          plannedEnd: d.plannedEnd,
          annualInvestmentPlan: d.annualInvestmentPlan,
          synthetic: true,
        },
      };
    }
    case 'ProjectApproved': {
      const d = event.data;
      return {
        kind: 'approveProject',
        key: key('approve'),
        stream,
        input: {
          idempotencyKey: key('approve'),
          projectId: d.projectId,
          authority: d.authority,
          documentNumber: d.documentNumber,
          approvedInvestment: d.approvedInvestment,
          approvedOn: d.approvedOn,
        },
      };
    }
    case 'ConstructionStarted':
      return {
        kind: 'startConstruction',
        key: key('start'),
        stream,
        input: {
          idempotencyKey: key('start'),
          projectId: event.data.projectId,
          date: event.data.startedOn,
        },
      };
    case 'FundsDisbursed': {
      const d = event.data;
      return {
        kind: 'disburseFunds',
        key: key(`pay-${d.disbursementId}`),
        stream,
        input: {
          idempotencyKey: key(`pay-${d.disbursementId}`),
          projectId: d.projectId,
          disbursementId: d.disbursementId,
          amount: d.amount,
          source: d.source,
          paidOn: d.paidOn,
          payee: d.payee,
        },
      };
    }
    // The generator records none of these; were it to, the soak would not send them.
    case 'ProjectListedInPlan':
    case 'ProjectPlanAdjusted':
    case 'MilestoneScheduled':
    case 'MilestoneMet':
    case 'ProjectCompleted':
    case 'ProjectSuspended':
    case 'ProjectResumed':
    case 'ProjectCancelled':
    case 'ProjectMaturityRated':
    case 'NationalProjectCodeAssigned':
    case 'PreConstructionApprovalRecorded':
      return null;
  }
}

/** Each project's commands, in order, project after project, for as long as asked. */
function* projects(): Generator<Command[]> {
  const calendar = loadPrcCalendar();
  for (let seed = 761; ; seed++) {
    for (const stream of syntheticProgramme({
      projects: 2188,
      months: 12,
      disbursementsPerMonth: 2,
      seed,
      dueOn: (p) => calendar.dispatchReportDueDate(Number(p.slice(0, 4)), Number(p.slice(5, 7))),
    })) {
      if (!stream.streamId.startsWith('project-')) continue;
      const commands = stream.events
        .map((e) => commandOf(e as ProjectEvent, stream.streamId))
        .filter((c): c is Command => c !== null);
      // Another seed's generator reuses project ids: those are new projects of their own.
      if (seed !== 761) {
        const suffix = `-s${seed}`;
        for (const c of commands) {
          c.stream += suffix;
          c.key += suffix;
          c.input.idempotencyKey = c.key;
          c.input.projectId = `${String(c.input.projectId)}${suffix}`;
        }
      }
      yield commands;
    }
  }
}

interface Project {
  commands: Command[];
  next: number;
  busy: boolean;
  /** Not before this time (a Retry-After). */
  notBefore: number;
}

async function send(url: string, token: string, command: Command): Promise<Omit<AnswerLine, 't'>> {
  const started = performance.now();
  const base = { kind: command.kind, key: command.key, stream: command.stream };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: MUTATION[command.kind], variables: { input: command.input } }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: {
      data?: Record<string, { replayed?: boolean } | null> | null;
      errors?: Array<{ extensions?: { code?: string } }>;
    } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not GraphQL: a proxy's page, a crash.
    }
    const code = body.errors?.[0]?.extensions?.code ?? null;
    const answer = body.data?.[command.kind];
    if (response.status === 200 && answer) {
      return { ...base, status: answer.replayed ? 'replayed' : 'accepted', code, http: 200, ms };
    }
    if (code === 'UNAVAILABLE')
      return { ...base, status: 'unavailable', code, http: response.status, ms };
    if (response.status >= 500 || code === 'INTERNAL_SERVER_ERROR' || code === null) {
      return { ...base, status: 'failed', code, http: response.status, ms };
    }
    return { ...base, status: 'rejected', code, http: response.status, ms };
  } catch (error) {
    return {
      ...base,
      status: 'unreachable',
      code: error instanceof Error ? error.name : null,
      http: null,
      ms: performance.now() - started,
    };
  }
}

async function main(): Promise<void> {
  const url = process.env.SOAK_URL ?? 'http://127.0.0.1:4000/graphql';
  const token = process.env.SOAK_TOKEN ?? '';
  const rate = Number(process.env.SOAK_RATE ?? '200');
  const seconds = Number(process.env.SOAK_SECONDS ?? '300');
  const drainSeconds = Number(process.env.SOAK_DRAIN_SECONDS ?? '90');
  // Enough projects at once that one slow answer never holds the rate back.
  const parallel = Number(process.env.SOAK_PARALLEL ?? String(Math.max(50, rate * 2)));
  const source = projects();
  const active: Project[] = [];
  const started = performance.now();
  const counts: Record<AnswerStatus, number> = {
    accepted: 0,
    replayed: 0,
    unavailable: 0,
    failed: 0,
    rejected: 0,
    unreachable: 0,
  };
  let sent = 0;
  let missedSlots = 0;
  let inFlight = 0;
  const emit = (line: AnswerLine) => process.stdout.write(`${JSON.stringify(line)}\n`);

  const dispatch = (project: Project) => {
    const command = project.commands[project.next]!;
    project.busy = true;
    inFlight++;
    sent++;
    void send(url, token, command).then((answer) => {
      inFlight--;
      project.busy = false;
      counts[answer.status]++;
      emit({ t: Math.round(performance.now() - started), ...answer });
      if (
        answer.status === 'unavailable' ||
        answer.status === 'unreachable' ||
        answer.status === 'failed'
      ) {
        // The same command again, same key, after the Retry-After: recorded at most once.
        project.notBefore = performance.now() + 1000;
      } else {
        project.next++;
        project.notBefore = 0;
      }
    });
  };
  const pending = (p: Project) => p.next < p.commands.length;
  let cursor = 0;
  const pick = (now: number): Project | undefined => {
    for (let i = 0; i < active.length; i++) {
      const project = active[(cursor + i) % active.length]!;
      if (!project.busy && pending(project) && project.notBefore <= now) {
        cursor = (cursor + i + 1) % Math.max(1, active.length);
        return project;
      }
    }
    return undefined;
  };

  const interval = 1000 / rate;
  const end = started + seconds * 1000;
  for (let slot = 0; ; slot++) {
    const at = started + slot * interval;
    if (at >= end) break;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    for (let i = active.length - 1; i >= 0; i--) {
      const project = active[i]!;
      if (!pending(project) && !project.busy) active.splice(i, 1);
    }
    while (active.length < parallel) {
      active.push({
        commands: source.next().value as Command[],
        next: 0,
        busy: false,
        notBefore: 0,
      });
    }
    const project = pick(performance.now());
    if (project) dispatch(project);
    else missedSlots++;
  }
  // Time is up: no new project starts, but a command still owed an answer is sent until it
  // has one (the database may still be coming back).
  const drainEnd = performance.now() + drainSeconds * 1000;
  while (performance.now() < drainEnd) {
    const retrying = active.filter((p) => !p.busy && p.notBefore > 0 && pending(p));
    for (const project of retrying) {
      if (project.notBefore <= performance.now()) {
        project.notBefore = 0;
        dispatch(project);
      }
    }
    if (inFlight === 0 && !active.some((p) => p.notBefore > 0 && pending(p))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const unanswered = active.filter((p) => p.busy || (p.notBefore > 0 && pending(p))).length;
  process.stdout.write(
    `${JSON.stringify({
      summary: {
        sent,
        seconds: (performance.now() - started) / 1000,
        missedSlots,
        unanswered,
        ...counts,
      },
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `soak load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
