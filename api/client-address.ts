/**
 * Who is asking, as far as the register can tell: the client address for the rate limits and the
 * host the browser addressed for the origin check. Behind reverse proxies the socket's address
 * is the last proxy's, so the register reads the forwarding headers — but only as many hops as
 * it was told to trust (`TRUST_PROXY`): a client can write any `X-Forwarded-For` it likes, and
 * only the entries added by our own proxies are true. Runtime-neutral.
 */

/**
 * The client's address: with `trustedHops` proxies in front, the address the outermost trusted
 * proxy saw, which is entry `trustedHops` counted from the right of the chain
 * `X-Forwarded-For` + socket address (the proxy nearest to us appends the last entry). Without
 * trusted proxies, the socket's address; with fewer entries than trusted hops, the leftmost one.
 */
export function clientAddressOf(socketAddress: string | null, forwardedFor: string | null, trustedHops: number): string | null {
  if (trustedHops <= 0 || !forwardedFor) return socketAddress;
  const chain = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (socketAddress) chain.push(socketAddress);
  if (chain.length === 0) return socketAddress;
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}

/**
 * The host the browser addressed: behind `trustedHops` trusted proxies, the `X-Forwarded-Host`
 * entry the outermost of them wrote (proxies that append put theirs last; one that overwrites
 * leaves a single entry), else the `Host` header, else the request URL's host.
 */
export function requestedHostOf(request: Request, trustedHops: number): string {
  const entries = trustedHops > 0 ? (request.headers.get('x-forwarded-host') ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '') : [];
  const forwarded = entries.length > 0 ? entries[Math.max(0, entries.length - trustedHops)] : undefined;
  return forwarded || request.headers.get('host') || new URL(request.url).host;
}
