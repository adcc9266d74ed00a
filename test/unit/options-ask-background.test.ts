import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { askBackground } from '../../entrypoints/options/ask-background';

afterEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe("the options page's questions to the background", () => {
  const question = { type: 'account:get' } as const;

  it('turns the rejection webextension-polyfill sends from the background back into an error', async () => {
    // What Chrome hands a sender without the polyfill when the background's listener rejected.
    const rejected = { __mozWebExtensionPolyfillReject__: true, message: 'the database is closed' };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(rejected);

    await expect(askBackground(question)).rejects.toThrow('the database is closed');
  });

  it('passes answers, and native rejections, through', async () => {
    const answer = { signedIn: false, managedApiUrl: null };
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValueOnce(answer);
    await expect(askBackground(question)).resolves.toEqual(answer);
    expect(send).toHaveBeenCalledWith(question);

    send.mockRejectedValueOnce(new Error('Could not establish connection'));
    await expect(askBackground(question)).rejects.toThrow('Could not establish connection');
  });
});
