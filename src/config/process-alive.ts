/** Whether a process of that pid runs (one of another user's counts as gone: it cannot be signalled). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
