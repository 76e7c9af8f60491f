package dev.spendgate.attribution;

/**
 * Who a request's spend belongs to. A value the caller did not send is {@link #UNATTRIBUTED}, never null or
 * empty, so that spend is never dropped from a group-by.
 */
public record Attribution(
        String feature,
        String team,
        String customer,
        String tier,
        String experiment,
        String environment,
        String session) {

    /** The value recorded for a dimension the caller did not send. */
    public static final String UNATTRIBUTED = "unattributed";

    /** An attribution with every dimension unattributed. */
    public static Attribution none() {
        return new Attribution(UNATTRIBUTED, UNATTRIBUTED, UNATTRIBUTED, UNATTRIBUTED, UNATTRIBUTED,
                UNATTRIBUTED, UNATTRIBUTED);
    }

    /** The value of one dimension. */
    public String get(Dimension dimension) {
        return switch (dimension) {
            case FEATURE -> feature;
            case TEAM -> team;
            case CUSTOMER -> customer;
            case TIER -> tier;
            case EXPERIMENT -> experiment;
            case ENVIRONMENT -> environment;
            case SESSION -> session;
        };
    }
}
