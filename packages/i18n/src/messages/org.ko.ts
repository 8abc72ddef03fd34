// Messages of the org area. Keys start with "org." ; the English file must match.
export const orgKo = {} as const;
