package dev.spendgate.server;

/** The proxy or admin server could not bind its address (most often: the port is in use). */
public final class CannotListenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param role  what listens there, e.g. "proxy port (server.port, GATEWAY_PORT)"
     * @param cause the bind failure, whose message names the reason
     */
    public CannotListenException(String role, String host, int port, Throwable cause) {
        super("cannot listen on " + host + ":" + port + " for the " + role + ": " + reason(cause)
                + " (is the port in use? choose another one)", cause);
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
