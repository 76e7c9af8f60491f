package dev.spendgate.admin;

/**
 * A JSON reply of an admin endpoint.
 *
 * @param status HTTP status
 * @param json   the body
 */
public record AdminReply(int status, String json) {
}
