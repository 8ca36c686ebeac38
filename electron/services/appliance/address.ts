/** The identity of an appliance by its address: host:port, lower case, port 443 spelled out. */
export function applianceAddress(applianceUrl: string): string | undefined {
  if (applianceUrl === '') return undefined;
  try {
    const url = new URL(applianceUrl);
    return `${url.hostname.toLowerCase()}:${url.port === '' ? '443' : url.port}`;
  } catch {
    return undefined;
  }
}
