import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

// docs/performance.md holds one section per benchmark, each starting with its own "## " heading.

const DOCS = fileURLToPath(new URL("../../docs/performance.md", import.meta.url));

/** Replaces the section under `heading` in docs/performance.md (or appends it), keeping the rest. */
export async function writePerformanceSection(heading: string, section: string): Promise<void> {
  const text = await readFile(DOCS, "utf8");
  const start = text.indexOf(heading);
  let next: string;
  if (start < 0) {
    next = `${text.trimEnd()}\n\n${section.trimEnd()}\n`;
  } else {
    const after = text.indexOf("\n## ", start + heading.length);
    const rest = after < 0 ? "" : text.slice(after + 1);
    next = `${text.slice(0, start)}${section.trimEnd()}\n${rest ? `\n${rest}` : ""}`;
  }
  await writeFile(DOCS, next);
}
