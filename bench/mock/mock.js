// Mock OpenAI upstream for bench/bench.sh (nginx njs module, njs 0.7.x).
// POST /v1/chat/completions returns the SSE fixture (text/event-stream) when the request body contains
// "stream": true, else the chat.completion JSON fixture. A body naming the user "bench-long" gets the long SSE
// fixture (2,000 content events) instead: the gateway forwards the body's other fields unchanged.
// njs 0.7 runs a module's top-level code for every request (each request gets a fresh VM clone), so the fixtures
// are not read from disk here: bench.sh renders them as string literals into $RUN/mock_fixtures.js, and a request
// costs two regex tests and one buffer write. Adapted from the shared harness (research/perf/bench.sh).
import fx from 'mock_fixtures.js';

var STREAM_RE = /"stream"\s*:\s*true/;
var LONG_RE = /"user"\s*:\s*"bench-long"/;

function chat(r) {
    if (r.method !== 'POST') {
        r.return(405, '{"error":{"message":"method not allowed","type":"invalid_request_error"}}');
        return;
    }
    var body = r.requestText || '';
    r.headersOut['x-request-id'] = 'req_mock';
    if (STREAM_RE.test(body)) {
        r.headersOut['Content-Type'] = 'text/event-stream';
        r.headersOut['Cache-Control'] = 'no-cache';
        r.return(200, LONG_RE.test(body) ? fx.SSE_LONG_BODY : fx.SSE_BODY);
    } else {
        r.headersOut['Content-Type'] = 'application/json';
        r.return(200, fx.JSON_BODY);
    }
}

export default { chat };
