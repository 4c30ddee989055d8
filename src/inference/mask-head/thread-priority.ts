/**
 * A thread's own scheduling priority. On Linux the nice value belongs to each thread: `setpriority(PRIO_PROCESS, 0)`,
 * which `os.setPriority(0, …)` calls, changes the calling thread alone, and threads it starts later inherit it. On
 * Windows and macOS the same call changes the whole process (the engine's thread with it), so there it does nothing.
 */
import os from 'node:os';

/** Highest nice value (lowest priority) Linux has. */
const MAX_NICE = 19;

/**
 * Lowers the calling thread's priority: its nice value raised by `by` over what it is (so a process started under
 * `nice` keeps its order), at most to 19. An unprivileged process cannot take it back.
 * @returns whether it did (Linux only; false elsewhere or when the system refused).
 */
export function lowerThisThreadsPriority(by: number): boolean {
  if (process.platform !== 'linux' || !(by > 0)) return false;
  try {
    os.setPriority(0, Math.min(MAX_NICE, os.getPriority(0) + by));
    return true;
  } catch {
    return false;
  }
}
