/**
 * Pure translation between the OpenAI Chat Completions and the Anthropic Messages wire formats: request bodies,
 * non-streaming responses, error bodies and SSE streams. No Netty or Reactor types: bytes and Jackson trees in
 * and out, so the request flow decides when and whether to translate.
 *
 * <p>Policy: anything that cannot be carried faithfully is refused with {@link UntranslatableException} (never
 * mangled); fields that change nothing the client can observe in the output are dropped, and each one is named
 * where it is dropped.
 */
@NullMarked
package dev.spendgate.translate;

import org.jspecify.annotations.NullMarked;
