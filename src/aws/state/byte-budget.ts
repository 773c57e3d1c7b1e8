// Bounds what version bodies hold in memory at once: at most `maxTasks` fetches, and no more than
// `maxBytes` of (announced) body size in flight, except that one body always runs, however large.

export type ByteBudget = <T>(bytes: number, task: () => Promise<T>) => Promise<T>;

export function createByteBudget(maxBytes: number, maxTasks: number): ByteBudget {
  let bytesInFlight = 0;
  let running = 0;
  const waiting: Array<{ bytes: number; start: () => void }> = [];
  const fits = (bytes: number) => running === 0 || (running < maxTasks && bytesInFlight + bytes <= maxBytes);
  const startWaiting = () => {
    // First come, first served: a large body is not overtaken forever by small ones.
    while (waiting.length > 0 && fits((waiting[0] as { bytes: number }).bytes)) {
      const next = waiting.shift() as { bytes: number; start: () => void };
      running += 1;
      bytesInFlight += next.bytes;
      next.start();
    }
  };
  return async (bytes, task) => {
    if (waiting.length === 0 && fits(bytes)) {
      running += 1;
      bytesInFlight += bytes;
    } else {
      await new Promise<void>((start) => waiting.push({ bytes, start }));
    }
    try {
      return await task();
    } finally {
      running -= 1;
      bytesInFlight -= bytes;
      startWaiting();
    }
  };
}
