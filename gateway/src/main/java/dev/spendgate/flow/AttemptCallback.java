package dev.spendgate.flow;

/**
 * How one upstream attempt ends, reported once on the client connection's event loop.
 */
interface AttemptCallback {

    /** {@link AttemptResult#COMMITTED}: the response was written in full; a failure: nothing reached the client. */
    void done(AttemptResult result);

    /** The attempt ended in an error for the client (or broke off after the response had started). */
    void failed(Throwable error);

    /** The client left while the attempt ran; the attempt was stopped. */
    void cancelled();

    /** A lone attempt (passthrough paths): it answers the exchange directly. */
    record Single(Exchange exchange) implements AttemptCallback {

        @Override
        public void done(AttemptResult result) {
            exchange.responded();
        }

        @Override
        public void failed(Throwable error) {
            exchange.fail(error);
        }

        @Override
        public void cancelled() {
            // the exchange records itself as cancelled
        }
    }
}
