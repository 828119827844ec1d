#include "common.h"

#include "core/app/core.h"

namespace pw::server::dataflow {

namespace {

using nlohmann::json;

ApiResponse receiveGitWebhook(Context &ctx, ApiRequest &req)
{
    core::WebhookDelivery delivery;
    delivery.body = req.body.toStdString();
    if (!req.header("x-hub-signature-256").isEmpty()) {
        delivery.provider = "github";
        delivery.event = req.header("x-github-event").toStdString();
        delivery.deliveryId = req.header("x-github-delivery").toStdString();
        delivery.signature = req.header("x-hub-signature-256").toStdString();
    } else if (!req.header("x-gitlab-token").isEmpty()) {
        delivery.provider = "gitlab";
        delivery.event = req.header("x-gitlab-event").toStdString();
        delivery.deliveryId = req.header("x-gitlab-event-uuid").toStdString();
        delivery.signature = req.header("x-gitlab-token").toStdString();
    }
    auto result = ctx.core.repositories().receiveWebhook(delivery);
    if (!result)
        return fromError(result.error());
    return ApiResponse::json(
        200, {{"action", result->action},
              {"message", result->message},
              {"repositoryId", result->repositoryId ? json(*result->repositoryId) : json()},
              {"jobId", result->jobId ? json(*result->jobId) : json()},
              {"replayed", result->replayed}});
}

} // namespace

std::vector<Route> webhookRoutes(const ContextPtr &ctx)
{
    return {
        {.method = "POST",
         .pattern = "/git/webhooks",
         .operationId = "receiveGitWebhook",
         .summary = "Receive GitHub (X-Hub-Signature-256) or GitLab (X-Gitlab-Token) events",
         .tag = "Git webhooks",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("GitWebhookPayload"),
         .responseSchema = schemaRef("WebhookResult"),
         .handler = bind(ctx, receiveGitWebhook)},
    };
}

} // namespace pw::server::dataflow
