/** Progress for long commands: a bar on a terminal, a line every tenth otherwise (CI logs). */

/** Reports progress of a countable piece of work. */
export interface Progress {
  update(done: number): void;
  finish(message?: string): void;
}

/** A progress reporter on standard error. */
export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const interactive = stream.isTTY === true;
  let lastTenth = -1;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    update(done) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      if (interactive) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done}/${total} ${elapsed()}`);
      } else {
        const tenth = Math.floor(fraction * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          stream.write(`${label}: ${done}/${total} (${tenth * 10}%) ${elapsed()}\n`);
        }
      }
    },
    finish(message) {
      if (interactive) stream.write('\n');
      if (message) stream.write(`${message} (${elapsed()})\n`);
    },
  };
}

/** Reports the steps of a piece of work that cannot be counted, with their duration. */
export function steps(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let current: { name: string; started: number } | null = null;
  const close = () => {
    if (current) stream.write(`${label}: ${current.name} done in ${((performance.now() - current.started) / 1000).toFixed(1)} s\n`);
  };
  return {
    step(name: string) {
      close();
      current = { name, started: performance.now() };
      stream.write(`${label}: ${name}…\n`);
    },
    finish() {
      close();
      current = null;
    },
  };
}
