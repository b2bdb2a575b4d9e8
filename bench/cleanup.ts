/** What the benchmark must undo however it ends: run in reverse order, each step within a time limit. */
export class Cleanup {
  #steps: { name: string; run: () => Promise<void> }[] = [];

  /** Registers a step; returns a function that runs it now (once) and unregisters it. */
  add(name: string, run: () => Promise<void>): () => Promise<void> {
    const step = { name, run };
    this.#steps.push(step);
    return async () => {
      const index = this.#steps.indexOf(step);
      if (index === -1) return;
      this.#steps.splice(index, 1);
      await run();
    };
  }

  /** Runs every remaining step, last registered first; a failing or hanging step does not stop the others. */
  async runAll(log: (message: string) => void, stepTimeoutMs = 60_000): Promise<boolean> {
    let clean = true;
    while (this.#steps.length) {
      const step = this.#steps.pop()!;
      // A referenced timer: it also keeps the process alive while a step waits for something that never comes.
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        step.run().then(() => 'done', (error: unknown) => `failed: ${(error as Error)?.message ?? String(error)}`),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`did not finish within ${stepTimeoutMs / 1000} s`), stepTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (outcome !== 'done') {
        clean = false;
        log(`cleanup: ${step.name} ${outcome}`);
      }
    }
    return clean;
  }
}
