// Messages of the documents-spaces area. Keys start with "documents.spaces." ; the English file must match.
export const documentsSpacesKo = {} as const;
