package dev.spendgate;

/** Entry point: wiring only (load config, build components, bind, shutdown hook). */
public final class GatewayMain {

    private GatewayMain() {
    }

    /** Starts the gateway. */
    public static void main(String[] args) {
        throw new UnsupportedOperationException("not wired yet");
    }
}
