import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandEnvelope, handleCommand, loadStream } from '@ledger/event-sourcing';
import { loadJilin761Seed } from '../../../../seeds/jilin-761/seed-data';
import { PLANNING_OPTIONS, PlanningOptions } from '../planning.options';
import { PROGRAMME_STREAM, programmeDecider } from '../programme/domain/programme.decider';
import { projectStreamId } from '../project/domain/project-id';
import { projectDecider } from '../project/domain/project.decider';
import { establishProgrammeFromSeed, listNamedProjectsFromSeed } from './jilin-761-plan';

const SEED_ACTOR = 'seed:jilin-761';
/** The facts are the plan document's, dated the day it was issued (Beijing time). */
const PLAN_ISSUED_AT = '2020-04-09T00:00:00+08:00';

/**
 * Loads the 761 plan into the store on first start. Idempotent and resumable: each stream
 * is written only if it does not exist yet, so a second start, or a start after a crash
 * half-way, adds exactly what is missing.
 */
@Injectable()
export class SeedLoader {
  private readonly logger = new Logger(SeedLoader.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLANNING_OPTIONS) private readonly options: PlanningOptions,
  ) {}

  async loadIfEnabled(): Promise<void> {
    if (this.options.loadSeed) await this.load();
  }

  async load(): Promise<{ programme: boolean; projects: number }> {
    const seed = loadJilin761Seed();
    const envelope = (key: string): CommandEnvelope => ({
      actor: SEED_ACTOR,
      idempotencyKey: `seed:jilin-761:${key}`,
      validAt: PLAN_ISSUED_AT,
    });
    let programme = false;
    const { state } = await loadStream(this.store, programmeDecider, PROGRAMME_STREAM);
    if (!state.established) {
      await handleCommand(
        this.store,
        programmeDecider,
        PROGRAMME_STREAM,
        establishProgrammeFromSeed(seed),
        envelope('programme'),
        { service: 'planning' },
      );
      programme = true;
    }
    let projects = 0;
    for (const command of listNamedProjectsFromSeed(seed)) {
      const streamId = projectStreamId(command.projectId);
      const existing = await loadStream(this.store, projectDecider, streamId);
      if (existing.version !== null) continue;
      await handleCommand(
        this.store,
        projectDecider,
        streamId,
        command,
        envelope(command.projectId),
        { service: 'planning' },
      );
      projects += 1;
    }
    if (programme || projects > 0) {
      this.logger.log(
        `761 plan loaded: ${programme ? 'programme established, ' : ''}${projects} named projects listed`,
      );
    }
    return { programme, projects };
  }
}
