import type { documentsEditorKo } from "./documents-editor.ko.ts";

// Messages of the documents-editor area. Keys start with "documents.editor." ; the English file must match.
export const documentsEditorEn: Record<keyof typeof documentsEditorKo, string> = {
  "documents.editor.metaTitle": "{title} — Nuri",
  "documents.editor.untitled": "Untitled",
  "documents.editor.updatedAt": "Last changed {date}",

  "documents.editor.menu": "Document menu",
  "documents.editor.share": "Share",
  "documents.editor.history": "Version history",
  "documents.editor.properties": "Document details",
  "documents.editor.export": "Export",
  "documents.editor.export.pdf": "PDF",
  "documents.editor.export.docx": "Word document (DOCX)",
  "documents.editor.export.md": "Markdown (MD)",
  "documents.editor.export.html": "Web page (HTML)",

  "documents.editor.role.reader": "Can read",
  "documents.editor.role.commenter": "Can comment",
  "documents.editor.role.editor": "Can edit",
  "documents.editor.role.owner": "Owner",
  "documents.editor.readOnly.reader": "You can only read this document.",
  "documents.editor.readOnly.commenter": "You can comment on this document, but not change its text.",

  "documents.editor.rename.toggle": "Rename",
  "documents.editor.rename.label": "Document title",
  "documents.editor.rename.hint": "Up to 200 characters.",
  "documents.editor.rename.submit": "Save title",
  "documents.editor.rename.saved": "Renamed to ‘{title}’.",
  "documents.editor.rename.required": "Please enter a title.",
  "documents.editor.rename.tooLong": "The title can have at most 200 characters.",
  "documents.editor.rename.invalid":
    "The title contains characters that cannot be used (line breaks, control characters).",
  "documents.editor.rename.forbidden": "You may not rename this document.",
  "documents.editor.notFound": "The document was not found.",

  "documents.editor.region": "Document text",
  "documents.editor.loading": "The editor is getting ready. Below is the text as last saved.",
  "documents.editor.empty": "There is nothing here yet.",

  "documents.editor.toolbar": "Formatting",
  "documents.editor.tool.paragraph": "Normal text",
  "documents.editor.tool.heading1": "Heading 1",
  "documents.editor.tool.heading2": "Heading 2",
  "documents.editor.tool.heading3": "Heading 3",
  "documents.editor.tool.bold": "Bold",
  "documents.editor.tool.italic": "Italic",
  "documents.editor.tool.underline": "Underline",
  "documents.editor.tool.strike": "Strikethrough",
  "documents.editor.tool.bulletList": "Bulleted list",
  "documents.editor.tool.orderedList": "Numbered list",
  "documents.editor.tool.taskList": "Checklist",
  "documents.editor.tool.blockquote": "Quote",
  "documents.editor.tool.codeBlock": "Code block",
  "documents.editor.tool.link": "Link",
  "documents.editor.tool.image": "Insert image",
  "documents.editor.tool.table": "Insert table",
  "documents.editor.tool.horizontalRule": "Horizontal rule",
  "documents.editor.tool.undo": "Undo",
  "documents.editor.tool.redo": "Redo",
  "documents.editor.table.addRow": "Add row below",
  "documents.editor.table.addColumn": "Add column to the right",
  "documents.editor.table.deleteRow": "Delete row",
  "documents.editor.table.deleteColumn": "Delete column",
  "documents.editor.table.delete": "Delete table",
  "documents.editor.taskItem": "Done: {text}",
  "documents.editor.taskItem.empty": "Empty task",

  "documents.editor.link.label": "Link address",
  "documents.editor.link.hint": "An address starting with https://, http:// or mailto:",
  "documents.editor.link.apply": "Apply link",
  "documents.editor.link.remove": "Remove link",
  "documents.editor.link.cancel": "Cancel",
  "documents.editor.link.invalid": "Please enter an address starting with https://, http:// or mailto:.",

  "documents.editor.image.file": "Image file to upload",
  "documents.editor.image.uploading": "Uploading the image.",
  "documents.editor.image.inserted": "The image was inserted.",
  "documents.editor.image.failed": "The image could not be uploaded.",

  "documents.editor.presence.heading": "In this document now",
  "documents.editor.presence.me": "{name} (you)",
  "documents.editor.presence.alone": "Only you are here now.",
  "documents.editor.presence.joined": "{name} joined.",
  "documents.editor.presence.left": "{name} left.",

  "documents.editor.status.label": "Connection",
  "documents.editor.status.connecting": "Connecting",
  "documents.editor.status.connected": "Live",
  "documents.editor.status.reconnecting":
    "The connection was lost; reconnecting. Your changes are kept in this window.",
  "documents.editor.status.offline":
    "You are offline. Your changes are kept in this window and merged with everyone else's when you reconnect.",
  "documents.editor.status.merged": "Reconnected: the changes you made offline were merged.",
  "documents.editor.status.stopped": "Disconnected",

  "documents.editor.stop.accessRevoked": "You no longer have access to this document.",
  "documents.editor.stop.readOnly":
    "You may not change this document, so the connection was closed. Please reload the page.",
  "documents.editor.stop.rateLimited":
    "Too many changes were sent too quickly, so the connection was closed. Please reload the page in a moment.",
  "documents.editor.stop.documentFull":
    "Too many people have this document open. Please open it again in a moment.",
  "documents.editor.stop.documentTooLarge":
    "The document has reached its largest size (16 MB), so your last change was not saved. Move part of it into a new document, then reload the page.",
  "documents.editor.stop.personLimit":
    "You have too many documents or windows open. Close some and reload the page.",
  "documents.editor.stop.tenantLimit":
    "Your agency has too many connections open. Please open the document again in a moment.",
  "documents.editor.stop.noSuchDocument": "The document was not found. It may have been deleted.",
  "documents.editor.stop.signedOut": "You were signed out. Please sign in again and reopen the document.",
  "documents.editor.stop.failed": "The live editing server cannot be reached. Please reload the page.",
  "documents.editor.stop.reload": "Reload the page",
};
