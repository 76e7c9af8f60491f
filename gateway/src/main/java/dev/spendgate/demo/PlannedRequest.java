package dev.spendgate.demo;

import java.util.Map;

/**
 * One request the traffic generator will send: path, headers (attribution and auth) and JSON body.
 * {@code feature} is the attributed feature, or {@link #UNATTRIBUTED} when no feature header is sent.
 */
record PlannedRequest(String path, Map<String, String> headers, String body, String feature) {

    static final String UNATTRIBUTED = "(none)";
}
