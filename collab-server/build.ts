import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// The collab-server runs from one bundled JavaScript file, not from its TypeScript through
// tsx: in bench/collab the tsx process held about 55 MiB more (its loader thread, esbuild's
// service, the source maps) and used more CPU for the same traffic (ADR 0012). The bundle
// holds the workspace packages and the npm dependencies, so it runs anywhere Node.js 20 does;
// ws's optional native helpers stay out (ws works without them). Not minified: stack traces
// name the real functions, and the file says which source each part comes from.

const HERE = fileURLToPath(new URL(".", import.meta.url));
/** The bundle scripts/launch.ts, the durability test and bench/collab start. */
export const COLLAB_SERVER_BUNDLE = `${HERE}dist/main.mjs`;

const BANNER = [
  "import { createRequire as nuriCreateRequire } from 'node:module';",
  "import { dirname as nuriDirname } from 'node:path';",
  "import { fileURLToPath as nuriFileURLToPath } from 'node:url';",
  "const require = nuriCreateRequire(import.meta.url);",
  "const __filename = nuriFileURLToPath(import.meta.url);",
  "const __dirname = nuriDirname(__filename);",
].join(" ");

/** Builds the bundle (about a quarter of a second); returns its path. */
export async function buildCollabServer(): Promise<string> {
  await mkdir(`${HERE}dist`, { recursive: true });
  // written aside and renamed, so that a launch running at the same time never starts half a file
  const temporary = `${COLLAB_SERVER_BUNDLE}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await build({
      entryPoints: [`${HERE}src/main.ts`],
      outfile: temporary,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      external: ["bufferutil", "utf-8-validate"],
      // CommonJS dependencies (ws, ioredis, prom-client) call require() for Node's own modules,
      // and ioredis reads __dirname
      banner: { js: BANNER },
      logLevel: "warning",
    });
    await rename(temporary, COLLAB_SERVER_BUNDLE);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return COLLAB_SERVER_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildCollabServer());
}
