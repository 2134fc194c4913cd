// The e2e tier's recording proxy (test/e2e/support/network-recorder.ts) refuses CONNECT tunnels and
// upgrades; a browser that resets such a socket must not become an unhandled error in the test run.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../e2e/support/network-recorder.ts';

describe('the recording proxy', () => {
  it('records a CONNECT the client then resets, and raises nothing', async () => {
    const proxy = await startRecordingProxy();
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve) => {
          const socket = net.connect(proxy.port, '127.0.0.1', () => {
            socket.write(`CONNECT example.invalid:443 HTTP/1.1\r\nHost: example.invalid:443\r\n\r\n`);
            // reset at once (RST), before the proxy's refusal is written
            setTimeout(() => socket.resetAndDestroy(), 0);
          });
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        });
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(proxy.requests.filter((r) => r.method === 'CONNECT').length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      await proxy.close();
    }
  });
});
