package dev.spendgate.flow;

import dev.spendgate.config.ModelConfig;
import dev.spendgate.inspect.ClientRequest;
import org.jspecify.annotations.Nullable;

/**
 * A metered request between routing and rendering: guards may change the model and the output cap.
 *
 * @param request   the parsed client request
 * @param model     the model that will serve (the requested one, a downgrade or a cap's route_to)
 * @param outputCap an output cap to set in the body (a guardrail clamp), or null to leave the request's own
 */
record Plan(ClientRequest request, ModelConfig model, @Nullable Long outputCap) {

    Plan withModel(ModelConfig next) {
        return new Plan(request, next, outputCap);
    }

    Plan withOutputCap(long cap) {
        return new Plan(request, model, cap);
    }
}
