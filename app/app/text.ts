// Checks of free text shared by the client and the services.

/**
 * Line breaks, tabs, NUL and other control characters have no place in a one-line value: a
 * title, a file name, an address.
 */
export function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}
