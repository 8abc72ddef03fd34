/** A browser and its system, read from a User-Agent header for "signed-in devices"; null parts when unknown. */
export function describeUserAgent(userAgent: string | null): { browser: string | null; os: string | null } {
  if (!userAgent) return { browser: null, os: null };
  const version = (pattern: RegExp) => userAgent.match(pattern)?.[1]?.split(".")[0];
  let browser: string | null = null;
  const whale = version(/Whale\/([\d.]+)/);
  const edge = version(/Edg(?:e|A|iOS)?\/([\d.]+)/);
  const samsung = version(/SamsungBrowser\/([\d.]+)/);
  const firefox = version(/(?:Firefox|FxiOS)\/([\d.]+)/);
  const chrome = version(/(?:Chrome|CriOS)\/([\d.]+)/);
  const safari = version(/Version\/([\d.]+).*Safari\//);
  if (whale) browser = `Whale ${whale}`;
  else if (edge) browser = `Edge ${edge}`;
  else if (samsung) browser = `Samsung Internet ${samsung}`;
  else if (firefox) browser = `Firefox ${firefox}`;
  else if (chrome) browser = `Chrome ${chrome}`;
  else if (safari) browser = `Safari ${safari}`;

  let os: string | null = null;
  if (/Windows NT/.test(userAgent)) os = "Windows";
  else if (/Android/.test(userAgent)) os = "Android";
  else if (/iPhone|iPad|iPod/.test(userAgent)) os = "iOS";
  else if (/Mac OS X|Macintosh/.test(userAgent)) os = "macOS";
  else if (/CrOS/.test(userAgent)) os = "ChromeOS";
  else if (/Linux/.test(userAgent)) os = "Linux";
  return { browser, os };
}
