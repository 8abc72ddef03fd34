// Messages of the documents-sharing area. Keys start with "documents.sharing." ; the English file must match.
export const documentsSharingEn = {} as const;
