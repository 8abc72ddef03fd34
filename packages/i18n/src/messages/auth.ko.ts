// Messages of the auth area. Keys start with "auth." ; the English file must match.
export const authKo = {} as const;
