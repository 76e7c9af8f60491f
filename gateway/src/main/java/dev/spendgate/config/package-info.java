/** YAML configuration: loading, environment references and validation. */
@NullMarked
package dev.spendgate.config;

import org.jspecify.annotations.NullMarked;
