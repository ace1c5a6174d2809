import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, describeError, request } from "@/lib/frontend/fetcher";
import { safeNext } from "@/lib/frontend/safe-next";

describe("safeNext (where sign-in may send a person afterwards)", () => {
  it.each([
    ["/", "/"],
    ["/playlist/abc?x=1#top", "/playlist/abc?x=1#top"],
    ["/account", "/account"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each(["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "evil", "", "/\t/evil.example", undefined, ["/a", "/b"]])(
    "drops %j",
    (input) => {
      expect(safeNext(input)).toBeNull();
    },
  );
});

describe("the fetcher", () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(response: Response) {
    vi.stubGlobal("fetch", vi.fn(async () => response));
  }

  it("throws the contract's error object with its fields", async () => {
    const body = { error: { code: "validation_failed", message: "Check the fields.", fields: { name: "Enter a name." } } };
    stubFetch(new Response(JSON.stringify(body), { status: 400, headers: { "content-type": "application/json" } }));
    const error = await request("POST", "/api/playlists", { name: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "validation_failed", message: "Check the fields.", fields: { name: "Enter a name." } });
  });

  it("reads Retry-After on a 429 and says when to try again", async () => {
    const body = { error: { code: "rate_limited", message: "Slow down." } };
    stubFetch(new Response(JSON.stringify(body), { status: 429, headers: { "retry-after": "30" } }));
    const error = await request("POST", "/api/signin", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfter: 30 });
    expect(describeError(error)).toBe("Too many attempts. Try again in 30 seconds.");
  });

  it("survives a non-JSON error body", async () => {
    stubFetch(new Response("<html>bad gateway</html>", { status: 502 }));
    const error = await request("GET", "/api/me").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: "http_error", fields: {} });
  });

  it("resolves a 204 to undefined and a 200 to its JSON", async () => {
    stubFetch(new Response(null, { status: 204 }));
    expect(await request("DELETE", "/api/playlists/x")).toBeUndefined();
    stubFetch(new Response(JSON.stringify({ user: { id: "u" } }), { status: 200 }));
    expect(await request("GET", "/api/me")).toEqual({ user: { id: "u" } });
  });
});
