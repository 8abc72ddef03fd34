import type { DocumentRole } from "@nuri/db";
import { ko, type MessageKey } from "@nuri/i18n";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTranslator } from "../../i18n.ts";
import type { EditorAnchors } from "../comments/contract.ts";
import { createEditorAnchors } from "./anchors.ts";
import { ConnectionStatus } from "./connection-status.tsx";
import { caretUser, editorExtensions } from "./extensions.ts";
import { LinkForm } from "./link-form.tsx";
import { Presence } from "./presence.tsx";
import { CollabSession, type SessionState } from "./session.ts";
import { EditorToolbar } from "./toolbar.tsx";
import { ImageUploadError, uploadDocumentImage } from "./upload-image.ts";

export interface CollabEditorProps {
  tenantId: string;
  tenantSlug: string;
  documentId: string;
  /** The role the page was loaded with; the tickets may carry a newer one. */
  role: DocumentRole;
  me: { id: string; name: string; colorIndex: number };
  /** The body as last projected (sanitized HTML), shown until the live text has arrived. */
  fallback: React.ReactNode;
  /** Hands the comments panel its anchors once the editor exists (null when it goes). */
  onAnchors: (anchors: EditorAnchors | null) => void;
  /** Where the session asks for tickets; the document's ticket route by default (session.ts). */
  ticketUrl?: string;
  /** Offer inserting images (the documents' image upload); true by default. */
  images?: boolean;
}

const IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp";

/**
 * The live editor of one document: a Y.Doc kept in sync with the collab-server, bound to a
 * Tiptap editor, with the toolbar, the other people's carets, who is here and the state of
 * the connection. Browser only: the route loads this module after hydration.
 */
export default function CollabEditor(props: CollabEditorProps) {
  const { tenantId, tenantSlug, documentId, ticketUrl } = props;
  const [session, setSession] = useState<CollabSession | null>(null);
  // The role at mount time only: later changes come with the tickets.
  const initialRole = useRef(props.role);

  useEffect(() => {
    const created = new CollabSession({
      tenantId,
      tenantSlug,
      documentId,
      role: initialRole.current,
      ticketUrl,
    });
    setSession(created);
    void created.start();
    return () => created.destroy();
  }, [tenantId, tenantSlug, documentId, ticketUrl]);

  if (!session) return <>{props.fallback}</>;
  return <SessionView session={session} {...props} />;
}

const canEdit = (state: SessionState) =>
  (state.role === "editor" || state.role === "owner") && state.stop === null;

function SessionView({ session, ...props }: CollabEditorProps & { session: CollabSession }) {
  const t = useTranslator();
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const provider = state.ready ? session.connection?.provider : undefined;
  return (
    <>
      <ConnectionStatus state={state} />
      {state.role === "reader" || state.role === "commenter" ? (
        <p className="doc-notice" data-read-only={state.role}>
          {t(
            state.role === "reader"
              ? "documents.editor.readOnly.reader"
              : "documents.editor.readOnly.commenter",
          )}
        </p>
      ) : null}
      {provider ? (
        <LiveEditor
          session={session}
          provider={provider}
          editable={canEdit(state)}
          loaded={state.loaded}
          connected={state.phase === "connected"}
          {...props}
        />
      ) : null}
      {state.loaded ? null : props.fallback}
    </>
  );
}

type ImageStatus =
  | { kind: "idle" }
  | { kind: "uploading" }
  | { kind: "inserted" }
  | { kind: "failed"; message: string };

function LiveEditor({
  session,
  provider,
  editable,
  loaded,
  connected,
  tenantSlug,
  documentId,
  me,
  onAnchors,
  images = true,
}: CollabEditorProps & {
  session: CollabSession;
  provider: NonNullable<CollabSession["connection"]>["provider"];
  editable: boolean;
  loaded: boolean;
  connected: boolean;
}) {
  const t = useTranslator();
  const fileInput = useRef<HTMLInputElement>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [image, setImage] = useState<ImageStatus>({ kind: "idle" });
  // The editor is built once per session: a change of language reloads the page anyway.
  // biome-ignore lint/correctness/useExhaustiveDependencies: me and t are read once, on purpose
  const extensions = useMemo(
    () => editorExtensions({ doc: session.doc, provider, user: caretUser(me), t }),
    [session, provider],
  );
  const editor = useEditor(
    {
      extensions,
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      // Tiptap's default CSS comes as an inline <style>, which the CSP refuses: editor.css has it.
      injectCSS: false,
      editorProps: {
        attributes: {
          id: "document-body",
          role: "textbox",
          class: "doc-prose",
          "aria-label": t("documents.editor.region"),
          "aria-multiline": "true",
        },
      },
    },
    [session, provider],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed || editor.isEditable === editable) return;
    editor.setEditable(editable);
    if (!editable) setLinkOpen(false);
  }, [editor, editable]);

  useEffect(() => {
    if (!editor) return;
    onAnchors(createEditorAnchors(editor));
    return () => onAnchors(null);
  }, [editor, onAnchors]);

  const uploadImage = async (file: File) => {
    if (!editor) return;
    setImage({ kind: "uploading" });
    try {
      const { src } = await uploadDocumentImage(tenantSlug, documentId, file);
      const alt = file.name.replace(/\.[^.]+$/, "").slice(0, 200);
      editor.chain().focus().setImage({ src, alt }).run();
      setImage({ kind: "inserted" });
    } catch (error) {
      const key = error instanceof ImageUploadError ? error.messageKey : null;
      console.warn("nuri editor: image upload failed", { documentId, error });
      setImage({
        kind: "failed",
        // The images work names its refusals with its own message keys.
        message:
          key && Object.hasOwn(ko, key)
            ? t(key as MessageKey as "documents.editor.image.failed")
            : t("documents.editor.image.failed"),
      });
    }
  };

  return (
    <section
      className={loaded ? "doc-editor" : "doc-editor doc-editor--loading"}
      aria-label={t("documents.editor.region")}
      aria-busy={!loaded || undefined}
    >
      <Presence awareness={provider.awareness} meId={me.id} announce={connected && loaded} />
      {editor && editable ? (
        <>
          <EditorToolbar
            editor={editor}
            onLink={() => setLinkOpen(true)}
            onImage={images ? () => fileInput.current?.click() : undefined}
          />
          {/* Opened by the toolbar's image button; hidden, so it is neither a tab stop nor read out. */}
          {images ? (
            <input
              ref={fileInput}
              type="file"
              accept={IMAGE_TYPES}
              hidden
              aria-label={t("documents.editor.image.file")}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = "";
                if (file) void uploadImage(file);
              }}
            />
          ) : null}
          {linkOpen ? <LinkForm editor={editor} onClose={() => setLinkOpen(false)} /> : null}
        </>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {image.kind === "uploading"
          ? t("documents.editor.image.uploading")
          : image.kind === "inserted"
            ? t("documents.editor.image.inserted")
            : ""}
      </p>
      {image.kind === "failed" ? (
        <p className="doc-notice doc-notice--error" role="alert">
          {image.message}
        </p>
      ) : null}
      <EditorContent editor={editor} className="doc-editor__content" />
    </section>
  );
}
