package dev.spendgate.config;

import dev.spendgate.api.ApiFormat;

/** The API a provider speaks. */
public enum ProviderType {
    /** Any OpenAI-compatible base URL (OpenAI, Azure OpenAI v1, vLLM, Ollama, Groq...). */
    OPENAI(ApiFormat.OPENAI),
    /** Anthropic Messages API. */
    ANTHROPIC(ApiFormat.ANTHROPIC);

    private final ApiFormat format;

    ProviderType(ApiFormat format) {
        this.format = format;
    }

    /** The API format this provider serves. */
    public ApiFormat format() {
        return format;
    }
}
