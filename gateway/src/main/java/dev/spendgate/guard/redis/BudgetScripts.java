package dev.spendgate.guard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts of {@link RedisBudgetStore}, each prefixed with the shared helpers of {@code common.lua}. */
final class BudgetScripts {

    static final String RESERVE = script("reserve.lua");
    static final String FINISH = script("finish.lua");
    static final String STATE = script("state.lua");
    static final String ADD_SPENT = script("add_spent.lua");
    static final String RATE = read("rate.lua");

    private BudgetScripts() {
    }

    private static String script(String name) {
        return read("common.lua") + "\n" + read(name);
    }

    private static String read(String name) {
        try (InputStream in = BudgetScripts.class.getResourceAsStream("/redis/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /redis/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
