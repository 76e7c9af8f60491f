/** Usage guardrails: budgets with a warn/downgrade/block ladder, rate limits, caps, keys. Plain records only. */
@NullMarked
package dev.spendgate.guard;

import org.jspecify.annotations.NullMarked;
