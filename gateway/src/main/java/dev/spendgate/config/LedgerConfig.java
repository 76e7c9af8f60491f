package dev.spendgate.config;

import java.nio.file.Path;

/**
 * Usage ledger settings.
 *
 * @param enabled       whether records are written
 * @param dir           folder of the daily files {@code usage-YYYY-MM-DD.jsonl}
 * @param queueCapacity records that may wait for the writer; beyond it records are dropped and counted
 */
public record LedgerConfig(boolean enabled, Path dir, int queueCapacity) {
}
