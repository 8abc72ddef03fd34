import { getAppDatabase } from "../../db.server.ts";
import { readServiceStatus, type ServiceStatus } from "./read-service-status.server.ts";

/** The service status, or the fact that the database did not answer. */
export type ServiceHealth = ({ database: "ok" } & ServiceStatus) | { database: "unreachable" };

/**
 * Asks the database for the service status. A failure is logged in full for operators and
 * answered as "unreachable": the landing page and /health report it instead of failing.
 */
export async function checkServiceHealth(): Promise<ServiceHealth> {
  try {
    const { db } = await getAppDatabase();
    return { database: "ok", ...(await readServiceStatus({ db })) };
  } catch (error) {
    console.error(`service health: the database did not answer: ${describeError(error)}`);
    return { database: "unreachable" };
  }
}

// One line per failure: a health check polled every few seconds must not flood the log with
// stack traces, and the driver's code (e.g. ECONNREFUSED, 57P01) says what went wrong.
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.message} (${code})` : error.message;
}
