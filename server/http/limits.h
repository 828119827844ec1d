#pragma once

#include <QtGlobal>

#include "core/util/limits.h"

namespace pw::server {

// Every bound the API server puts on a request, in one place (docs/api-notes.md lists them).
// The transport enforces these before a handler runs; core enforces its own (JSON depth, spec
// size, search text, compare output), named here so a reader finds all of them together.
// Tests make the timeouts short; the defaults are what `serve` and the window use.
struct HttpLimits
{
    // Bodies: refused by Content-Length before anything is read (413), counted while chunked
    // bodies arrive. Bodies being received are charged to a budget as their bytes arrive (what a
    // Content-Length declares reserves nothing): callers with a token share
    // maxBufferedBodyBytes, no one user holding more than maxBufferedBodyBytesPerCaller (half) of
    // it; callers without a token (signed webhooks) share maxUnauthenticatedBodyBytes, apart, so
    // they never take from a writer. A body that does not fit is answered 503.
    qsizetype maxBodyBytes = 10 * 1024 * 1024;
    qsizetype maxBufferedBodyBytes = 128 * 1024 * 1024;
    qsizetype maxBufferedBodyBytesPerCaller = 64 * 1024 * 1024;
    qsizetype maxUnauthenticatedBodyBytes = 16 * 1024 * 1024;
    // Bodies one API token may be sending at once (429 with Retry-After before the body is
    // read): a connection receiving a body with a token is never closed to make room, so
    // without this one token sending slowly, above the rate floor, could hold every slot.
    int maxBodiesPerToken = 32;
    // The slowest a body may arrive: after bodyRateGraceMs, every bodyRateWindowMs must bring
    // minBodyBytesPerSecond × the window (or the rest of the body, when that is less), else the
    // sender is answered 408 and closed. A loopback client sends far faster; a byte every few
    // seconds, which would hold a connection for bodyTimeoutMs, does not.
    qsizetype minBodyBytesPerSecond = 1024;
    int bodyRateGraceMs = 5'000;
    int bodyRateWindowMs = 5'000;

    // The head: request line (414), header count and total header bytes (431).
    qsizetype maxRequestLineBytes = 8 * 1024;
    int maxHeaderCount = 100;
    qsizetype maxHeaderBytes = 64 * 1024;

    // Time: the head must arrive within headerTimeoutMs of its first byte and the body within
    // bodyTimeoutMs of the head, with no gap over bodyIdleTimeoutMs (408 either way). A kept-
    // alive connection with no request for idleTimeoutMs is closed, and so is one whose client
    // does not read its response for sendTimeoutMs. After an error that ends a connection the
    // server reads and drops what the client still sends for up to lingerMs, so the client sees
    // the answer instead of a reset.
    int headerTimeoutMs = 10'000;
    int bodyTimeoutMs = 60'000;
    int bodyIdleTimeoutMs = 10'000;
    int idleTimeoutMs = 15'000;
    int sendTimeoutMs = 30'000;
    int lingerMs = 2'000;
    // A deferred answer (ApiResponse::deferred) not completed within this is answered 503 and
    // cancelled; a route may set its own ceiling.
    int deferredTimeoutMs = 120'000;

    // Connections open at once, streams apart. At the cap a new connection closes the longest-
    // idle one (else the oldest still sending its head, else the slowest receiving a body without
    // a token); when every connection is busy it gets 503. The cap is lowered to fit the open-
    // files limit, which the server raises to its hard limit at start.
    int maxConnections = 1000;
    // Event streams (answers written over time) have a budget of their own, so they never take
    // a connection slot from an ordinary request: at most maxStreams at once (503 beyond, with
    // Retry-After) and maxStreamsPerToken for one API token (429 with Retry-After).
    int maxStreams = 256;
    int maxStreamsPerToken = 16;
    // Deferred answers waiting at once for one API token (429 with Retry-After); callers
    // without a token (signed webhooks) share one such allowance.
    int maxDeferredPerToken = 16;
    // Past that cap, requests handled off the server thread (large bodies, heavy reads and
    // writes of a definition) wait for the token's turn instead of a 429, up to this many
    // (each holds its connection; the next is 429).
    int maxWaitingForTurnPerToken = 64;
    // A request whose body is larger than this is handled on a job thread (a transient job of
    // the caller's, answered deferred): parsing megabytes of JSON takes a good part of a second,
    // which the server thread gives to no one request. Smaller bodies are handled at once.
    qsizetype maxInlineBodyBytes = 256 * 1024;
    // Unsent response bytes after which a connection stops reading further requests.
    qsizetype maxPendingOutputBytes = 8 * 1024 * 1024;

    // Core's bounds, for the reader of this file.
    static constexpr int maxJsonDepth = core::kMaxJsonDepth;
    static constexpr std::size_t maxSearchTextBytes = core::kMaxSearchTextBytes;
    static constexpr std::size_t maxSpecBytes = core::kMaxSpecBytes;
    static constexpr std::size_t maxTextDiffBytes = core::kMaxTextDiffBytes;
};

} // namespace pw::server
