import { describe, expect, it } from 'vitest';
import { clientAddressOf, requestedHostOf } from '#api/client-address.ts';

describe("the client's address", () => {
  it('is the socket’s when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf('192.0.2.10', '203.0.113.5', 0)).toBe('192.0.2.10');
    expect(clientAddressOf('192.0.2.10', null, 0)).toBe('192.0.2.10');
  });

  it('is the address the outermost trusted proxy saw, counted from the right', () => {
    // client → proxy A (appends the client) → proxy B (appends A) → register (socket: B)
    expect(clientAddressOf('10.0.0.2', '203.0.113.5, 10.0.0.1', 2)).toBe('203.0.113.5');
    expect(clientAddressOf('10.0.0.1', '203.0.113.5', 1)).toBe('203.0.113.5');
    // A client that writes the header itself adds entries on the left; they are not believed.
    expect(clientAddressOf('10.0.0.1', '6.6.6.6, 203.0.113.5', 1)).toBe('203.0.113.5');
  });

  it('takes the leftmost entry when fewer proxies answered than are trusted, and the socket without a header', () => {
    expect(clientAddressOf('10.0.0.1', '203.0.113.5', 3)).toBe('203.0.113.5');
    expect(clientAddressOf('10.0.0.1', null, 1)).toBe('10.0.0.1');
    expect(clientAddressOf('10.0.0.1', ' , ', 1)).toBe('10.0.0.1');
  });
});

describe('the host the browser addressed', () => {
  const request = (headers: Record<string, string>) => new Request('http://127.0.0.1:4321/aanmelden', { headers });
  it('is the Host header unless a proxy is trusted', () => {
    expect(requestedHostOf(request({ host: 'register.example', 'x-forwarded-host': 'evil.example' }), 0)).toBe('register.example');
    expect(requestedHostOf(request({ host: '10.0.0.1', 'x-forwarded-host': 'register.example' }), 1)).toBe('register.example');
    expect(requestedHostOf(request({ host: '10.0.0.1', 'x-forwarded-host': 'evil.example, register.example' }), 1)).toBe('register.example');
    expect(requestedHostOf(request({ host: '10.0.0.1' }), 1)).toBe('10.0.0.1');
  });
});
