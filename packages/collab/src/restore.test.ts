import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BODY } from "./body.ts";
import { projectDocument } from "./projection.ts";
import { restoreUpdate } from "./restore.ts";
import { compactState, docFromState } from "./state.ts";

// restoreUpdate against real Yjs replicas: what one client holds, what another holds after a
// concurrent edit, and what each sees once the updates are exchanged.

type Run = [text: string, marks?: Record<string, unknown>];

function text(...runs: Run[]): Y.XmlText {
  const node = new Y.XmlText();
  node.applyDelta(runs.map(([insert, marks]) => (marks ? { insert, attributes: marks } : { insert })));
  return node;
}

function el(
  name: string,
  attributes: Record<string, unknown> = {},
  children: (Y.XmlElement | Y.XmlText)[] = [],
): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
  if (children.length > 0) node.insert(0, children);
  return node;
}

const p = (...runs: Run[]) => el("paragraph", {}, [text(...runs)]);

/** A replica that records every update it makes, as the collab-server would store them. */
class Replica {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];

  constructor(parts: readonly Uint8Array[] = []) {
    for (const part of parts) Y.applyUpdate(this.doc, part, "remote");
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== "remote") this.updates.push(update);
    });
  }

  get body(): Y.XmlFragment {
    return this.doc.getXmlFragment(BODY);
  }

  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, "remote");
  }

  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  html(): string {
    return projectDocument(this.doc).html;
  }

  text(): string {
    return projectDocument(this.doc).text;
  }
}

/**
 * A document's history: a version (heading, marks, a checked task, a table with a colspan),
 * then edits that changed, removed and added blocks. Returns the stored parts of the current
 * state (one update per edit, as the tail would hold them) and the version's state.
 */
function history() {
  const author = new Replica();
  author.body.insert(0, [
    el("heading", { level: 1 }, [text(["주간 업무 보고"])]),
    p(
      ["담당 "],
      ["홍길동", { bold: {} }],
      [" · "],
      ["누리집", { link: { href: "https://www.korea.go.kr" } }],
    ),
    el("taskList", {}, [el("taskItem", { checked: true }, [p(["결재 상신"])])]),
    el("table", {}, [el("tableRow", {}, [el("tableHeader", { colspan: 2, rowspan: 1 }, [p(["계획"])])])]),
  ]);
  const version = compactState(author.updates);
  const versionHtml = author.html();
  // Later edits: a heading renamed, a block removed, a block added, a mark added.
  const heading = author.body.get(0) as Y.XmlElement;
  (heading.get(0) as Y.XmlText).insert(0, "[수정] ");
  heading.setAttribute("level", 2 as unknown as string);
  author.body.delete(2, 1);
  author.body.insert(author.body.length, [p(["추가된 문단 <&>"])]);
  ((author.body.get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { italic: {} });
  const current = [...author.updates];
  author.doc.destroy();
  return { version, versionHtml, current };
}

describe("restoreUpdate", () => {
  it("turns the current body into the version's, marks and attributes included", () => {
    const { version, versionHtml, current } = history();
    const replica = new Replica(current);
    expect(replica.html()).not.toBe(versionHtml);
    replica.apply(restoreUpdate(current, version));
    expect(replica.html()).toBe(versionHtml);
    expect(replica.text()).toBe("주간 업무 보고\n담당 홍길동 · 누리집\n결재 상신\n계획");
    expect(versionHtml).toBe(
      "<h1>주간 업무 보고</h1>" +
        '<p>담당 <strong>홍길동</strong> · <a href="https://www.korea.go.kr" rel="noopener noreferrer nofollow">누리집</a></p>' +
        '<ul data-type="taskList"><li data-type="taskItem" data-checked="true"><p>결재 상신</p></li></ul>' +
        '<table><tr><th colspan="2"><p>계획</p></th></tr></table>',
    );
  });

  it("is a new change on top of the history: nothing of it is rewound", () => {
    const { version, versionHtml, current } = history();
    const replica = new Replica(current);
    const before = Y.decodeStateVector(Y.encodeStateVector(replica.doc));
    const update = restoreUpdate(current, version);
    // The update holds only new items (copies, by a client of its own) and deletions.
    const { structs } = Y.decodeUpdate(update);
    const authors = new Set(structs.map((struct) => struct.id.client));
    expect(authors.size).toBe(1);
    const [restorer] = authors;
    expect(before.has(restorer!)).toBe(false);
    expect(Math.min(...structs.map((struct) => struct.id.clock))).toBe(0);

    replica.apply(update);
    const after = Y.decodeStateVector(Y.encodeStateVector(replica.doc));
    for (const [client, clock] of before) expect(after.get(client)).toBe(clock);
    expect(after.get(restorer!)).toBeGreaterThan(0);
    expect(replica.html()).toBe(versionHtml);

    // Applying it again, or applying the history again, changes nothing.
    replica.apply(update);
    for (const part of current) replica.apply(part);
    expect(replica.html()).toBe(versionHtml);

    // And the document goes on from there like any other.
    ((replica.body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "복원 후 ");
    expect(replica.text().split("\n")[0]).toBe("복원 후 주간 업무 보고");
  });

  it("converges with a replica that made concurrent, unrelated edits", () => {
    const { version, versionHtml, current } = history();
    const restorer = new Replica(current);
    const editor = new Replica(current);
    // Concurrently: the editor adds a block at the end and a comment elsewhere in the doc.
    editor.body.insert(editor.body.length, [p(["동시에 쓴 문단"])]);
    editor.doc.getMap("comments").set("c1", "의견");
    const restore = restoreUpdate(current, version);
    restorer.apply(restore);

    for (const update of editor.updates) restorer.apply(update);
    editor.apply(restore);

    expect(Y.encodeStateVector(restorer.doc)).toEqual(Y.encodeStateVector(editor.doc));
    expect(restorer.html()).toBe(editor.html());
    expect(restorer.html()).toBe(`${versionHtml}<p>동시에 쓴 문단</p>`);
    expect(restorer.doc.getMap("comments").get("c1")).toBe("의견");
    // Both orders of arrival give byte-identical documents.
    const fromRestorer = docFromState([restorer.state()]);
    const fromEditor = docFromState([editor.state()]);
    expect(projectDocument(fromRestorer)).toEqual(projectDocument(fromEditor));
    fromRestorer.destroy();
    fromEditor.destroy();
  });

  it("converges when the restore and a concurrent edit of a removed block meet", () => {
    const { version, current } = history();
    const restorer = new Replica(current);
    const editor = new Replica(current);
    // The editor types into the last block, which the version does not have.
    const last = editor.body.get(editor.body.length - 1) as Y.XmlElement;
    (last.get(0) as Y.XmlText).insert(0, "동시 입력 ");
    const restore = restoreUpdate(current, version);
    restorer.apply(restore);
    for (const update of editor.updates) restorer.apply(update);
    editor.apply(restore);
    expect(restorer.html()).toBe(editor.html());
    expect(restorer.text()).toBe(editor.text());
  });

  it("takes snapshot-plus-tail parts as the collab-server stores them", () => {
    const { version, versionHtml, current } = history();
    const stored = [compactState(current.slice(0, 2)), ...current.slice(2)];
    const replica = new Replica(current);
    replica.apply(restoreUpdate(stored, version));
    expect(replica.html()).toBe(versionHtml);
  });

  it("works on empty documents and empty versions", () => {
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    // an empty document restored to an empty version stays empty
    const blank = new Replica();
    blank.apply(restoreUpdate([], empty));
    expect(blank.html()).toBe("");
    expect(blank.body.length).toBe(0);

    // an empty document restored to a version with content gets it
    const { version, versionHtml, current } = history();
    const fresh = new Replica();
    fresh.apply(restoreUpdate([], version));
    expect(fresh.html()).toBe(versionHtml);

    // a document restored to an empty version is emptied
    const full = new Replica(current);
    full.apply(restoreUpdate(current, empty));
    expect(full.body.length).toBe(0);
    expect(full.html()).toBe("");
  });

  it("restores a version nested 2000 levels deep (Yjs syncs it; its recursive clone() overflows the stack)", () => {
    const author = new Replica();
    author.doc.transact(() => {
      let parent: Y.XmlFragment | Y.XmlElement = author.body;
      for (let depth = 0; depth < 2000; depth++) {
        const quote = new Y.XmlElement("blockquote");
        parent.insert(0, [quote]);
        parent = quote;
      }
      parent.insert(0, [p(["깊은 "], ["곳", { bold: {} }])]);
    });
    const version = compactState(author.updates);
    const versionHtml = author.html();
    author.body.delete(0, author.body.length);
    author.body.insert(0, [p(["지금"])]);
    const current = [...author.updates];
    const replica = new Replica(current);
    expect(replica.text()).toBe("지금");
    replica.apply(restoreUpdate(current, version));
    expect(replica.html()).toBe(versionHtml);
    expect(versionHtml).toBe(
      `${"<blockquote>".repeat(2000)}<p>깊은 <strong>곳</strong></p>${"</blockquote>".repeat(2000)}`,
    );
  });

  it("leaves the document's other roots alone", () => {
    const author = new Replica();
    author.body.insert(0, [p(["판"])]);
    author.doc.getText("title").insert(0, "제목");
    const version = compactState(author.updates);
    author.body.insert(1, [p(["나중"])]);
    author.doc.getText("title").insert(2, " 변경");
    const current = [...author.updates];
    const replica = new Replica(current);
    replica.apply(restoreUpdate(current, version));
    expect(replica.text()).toBe("판");
    expect(replica.doc.getText("title").toString()).toBe("제목 변경");
  });
});
