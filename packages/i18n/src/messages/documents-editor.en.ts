// Messages of the documents-editor area. Keys start with "documents.editor." ; the English file must match.
export const documentsEditorEn = {} as const;
