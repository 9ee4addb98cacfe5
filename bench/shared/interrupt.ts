/**
 * What a bench must undo if it is stopped half-way (Ctrl-C, or `bench:all` timing it out):
 * its server processes, data folders and schemas. Undone newest first, so a server stops
 * before the store it runs on is removed.
 */
const pending: Array<() => Promise<void>> = [];
let installed = false;

/** Registers `undo` for an interrupt; call the returned function once it is done anyway. */
export function onInterrupt(undo: () => Promise<void>): () => void {
  install();
  pending.push(undo);
  return () => {
    const at = pending.indexOf(undo);
    if (at >= 0) pending.splice(at, 1);
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping what this bench started\n`);
      void undoAll().finally(() => process.exit(code));
    });
  }
}

async function undoAll(): Promise<void> {
  while (pending.length > 0) {
    const undo = pending.pop()!;
    await undo().catch((error: unknown) =>
      process.stderr.write(
        `  could not undo: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
    );
  }
}
