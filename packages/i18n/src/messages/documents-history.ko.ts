// Messages of the documents-history area. Keys start with "documents.history." ; the English file must match.
export const documentsHistoryKo = {} as const;
