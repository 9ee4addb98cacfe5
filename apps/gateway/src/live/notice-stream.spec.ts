import { LedgerChange } from './ledger-change';
import { NoticeStream, NoticeStreamOptions } from './notice-stream';

const change = (position: number, projectId: string | null): LedgerChange => ({
  position: String(position),
  type: 'FundsDisbursed',
  service: 'planning',
  streamId: projectId ? `project-${projectId}` : 'programme',
  projectId,
  recordedAt: new Date(0).toISOString(),
});

function stream(options: Partial<NoticeStreamOptions> = {}) {
  const events = { overflowed: 0, ended: 0 };
  const notices = new NoticeStream({
    projectId: null,
    maySee: () => Promise.resolve(true),
    programmeWide: true,
    limit: 10,
    congested: () => false,
    onOverflow: () => (events.overflowed += 1),
    onEnd: () => (events.ended += 1),
    ...options,
  });
  return { notices, events };
}

describe('one subscription’s notices', () => {
  it('gives a scoped reader no notice about no project: its stream names another unit', async () => {
    const { notices } = stream({ programmeWide: false });
    notices.offer(change(1, null));
    notices.offer(change(2, 'a'));
    expect((await notices.next()).value?.position).toBe('2');
  });

  it('keeps the feed’s order while slower visibility questions are answered', async () => {
    const answers = new Map<string, (visible: boolean) => void>();
    const { notices } = stream({
      maySee: (projectId) => new Promise((resolve) => answers.set(projectId, resolve)),
    });
    notices.offer(change(1, 'a'));
    notices.offer(change(2, 'b'));
    notices.offer(change(3, null));
    const first = notices.next();
    answers.get('b')!(true);
    answers.get('a')!(false);
    expect((await first).value?.position).toBe('2');
    expect((await notices.next()).value?.position).toBe('3');
  });

  it('passes only the project it names', async () => {
    const { notices } = stream({ projectId: 'a' });
    notices.offer(change(1, 'b'));
    notices.offer(change(2, null));
    notices.offer(change(3, 'a'));
    expect((await notices.next()).value?.position).toBe('3');
  });

  it('ends a waiting next() at once when returned', async () => {
    const { notices, events } = stream();
    const waiting = notices.next();
    await notices.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(events.ended).toBe(1);
    notices.offer(change(1, null));
    expect(await notices.next()).toEqual({ value: undefined, done: true });
  });

  it('gives up on a reader that lets more than its limit wait, holding no more', async () => {
    const { notices, events } = stream({ limit: 3 });
    for (let position = 1; position <= 5; position += 1) notices.offer(change(position, null));
    expect(events).toEqual({ overflowed: 1, ended: 1 });
    expect(await notices.next()).toEqual({ value: undefined, done: true });
  });

  it('gives up on a reader whose socket has too much unsent', () => {
    const { notices, events } = stream({ congested: () => true });
    notices.offer(change(1, null));
    expect(events.overflowed).toBe(1);
  });
});
