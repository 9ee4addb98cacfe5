import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { ProjectVisibility } from './project-visibility';

/** How long the graph's answer about one project is trusted for one connection. */
const ANSWER_TTL_MS = 60_000;
/** Projects remembered per connection; the oldest answer is forgotten first. */
const ANSWERS_KEPT = 1_000;
/**
 * A project the graph does not know yet (its read model has not applied the very event
 * announced) is asked about again after these waits; after the last it stays unseen.
 */
const RETRY_AFTER_MS = [25, 50, 100, 200, 400, 800];

const logger = new Logger('LiveUpdates');

/**
 * Which projects one connection's reader may hear about, as the graph answers that reader's
 * own token: the scope rules are the subgraphs', never repeated here. A definite answer is
 * kept a minute; a failed or undecided one is not kept, so the next notice asks again.
 */
export class ConnectionAudience {
  private readonly answers = new Map<string, { visible: Promise<boolean>; until: number }>();
  private readonly closed = new AbortController();

  constructor(
    private readonly authorization: string,
    private readonly visibility: ProjectVisibility,
    private readonly now: () => number = Date.now,
  ) {}

  /** Never rejects: anything but the graph showing the project means no. */
  maySee(projectId: string): Promise<boolean> {
    const known = this.answers.get(projectId);
    if (known && known.until > this.now()) return known.visible;
    this.answers.delete(projectId);
    const decided = this.decide(projectId);
    const visible = decided.then((answer) => answer.visible);
    if (this.answers.size >= ANSWERS_KEPT) {
      const oldest = this.answers.keys().next();
      if (!oldest.done) this.answers.delete(oldest.value);
    }
    const entry = { visible, until: this.now() + ANSWER_TTL_MS };
    this.answers.set(projectId, entry);
    void decided.then((answer) => {
      if (!answer.definite && this.answers.get(projectId) === entry) this.answers.delete(projectId);
    });
    return visible;
  }

  /** The connection closed: questions in flight stop waiting. */
  close(): void {
    this.closed.abort();
    this.answers.clear();
  }

  private async decide(projectId: string): Promise<{ visible: boolean; definite: boolean }> {
    try {
      for (let attempt = 0; ; attempt += 1) {
        if (this.closed.signal.aborted) return { visible: false, definite: false };
        const answer = await this.visibility.ask(this.authorization, projectId);
        if (answer !== 'unknown') return { visible: answer === 'visible', definite: true };
        const wait = RETRY_AFTER_MS[attempt];
        if (wait === undefined) return { visible: false, definite: false };
        await sleep(wait, undefined, { signal: this.closed.signal });
      }
    } catch (error) {
      if (!this.closed.signal.aborted)
        logger.warn(`asking the graph about project ${projectId} failed: ${String(error)}`);
      return { visible: false, definite: false };
    }
  }
}
