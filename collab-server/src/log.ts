/** What a log line may carry besides its message: tenant and document ids, codes, timings. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Structured logs: one JSON object per line with time, level, message and fields (tenantId,
 * documentId, …), for the log pipeline to index. Ticket contents and document text are never
 * logged.
 */
export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const log =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          level,
          service: "collab-server",
          message,
          ...fields,
        }),
      );
  return { info: log("info"), warn: log("warn"), error: log("error") };
}

/** A logger that keeps its lines, for tests. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; fields: LogFields }[] } {
  const lines: { level: string; message: string; fields: LogFields }[] = [];
  const log =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      lines.push({ level, message, fields });
    };
  return { lines, info: log("info"), warn: log("warn"), error: log("error") };
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.message} (${code})` : error.message;
}
