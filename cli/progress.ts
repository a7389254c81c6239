/** Progress for long commands: a bar on a terminal, a line every tenth otherwise (CI logs). */

/** Reports progress of a countable piece of work. */
export interface Progress {
  update(done: number, note?: string): void;
  finish(message?: string): void;
}

/** A progress reporter on standard error. */
export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const interactive = stream.isTTY === true;
  let lastTenth = -1;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    update(done, note) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const suffix = note ? ` ${note}` : '';
      if (interactive) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r\x1b[K${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done}/${total} ${elapsed()}${suffix}`);
      } else {
        const tenth = Math.floor(fraction * 10);
        if (tenth !== lastTenth || note) {
          lastTenth = tenth;
          stream.write(`${label}: ${done}/${total} (${tenth * 10}%) ${elapsed()}${suffix}\n`);
        }
      }
    },
    finish(message) {
      if (interactive) stream.write('\n');
      if (message) stream.write(`${message} (${elapsed()})\n`);
    },
  };
}
