package dev.spendgate.demo;

/** One simulated API endpoint: turns a parsed, authenticated request into an answer. */
@FunctionalInterface
interface SimEndpoint {

    SimReply reply(SimCall call);
}
