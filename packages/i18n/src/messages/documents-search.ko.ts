// Messages of the documents-search area. Keys start with "documents.search." ; the English file must match.
export const documentsSearchKo = {} as const;
