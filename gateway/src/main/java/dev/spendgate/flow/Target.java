package dev.spendgate.flow;

import dev.spendgate.config.Deployment;
import dev.spendgate.config.ModelConfig;

/**
 * One place an attempt can go: a model alias and one of its deployments (provider and upstream model id).
 *
 * @param model      the model alias's config (prices, fallbacks, context window)
 * @param deployment the provider and upstream model that serve it
 */
record Target(ModelConfig model, Deployment deployment) {

    /** The provider id. */
    String provider() {
        return deployment.provider();
    }
}
