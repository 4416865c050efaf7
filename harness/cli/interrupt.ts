// Ctrl-C for long CLI runs: the first press asks the run to stop and keep what it has; a second press a
// moment later quits at once. npm relays the terminal's Ctrl-C to the process, which also gets it from the
// process group, so one keypress can arrive twice within a few ms: that is not a second press. The npm scripts
// run `node --import tsx`, not the tsx CLI: its wrapper SIGKILLs a child that is busy for ~60 ms when the
// signal comes, which lost every finished run.
export function abortOnInterrupt(log: (line: string) => void, message: string): AbortController {
  const controller = new AbortController();
  let firstInterruptAt = 0;
  const onSignal = (): void => {
    if (firstInterruptAt) {
      if (Date.now() - firstInterruptAt > 1_000) process.exit(130);
      return;
    }
    firstInterruptAt = Date.now();
    log(message);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}
