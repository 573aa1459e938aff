package io.netra.analytics.otlp;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.google.rpc.Code;

import io.netra.analytics.config.NetraConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Answers an export whose declared body is over {@code netra.otlp.max-body-size} with 413 and a google.rpc.Status,
 * before reading it. A compressed body, or one sent without a length, is held to the same limit as it is inflated.
 */
@Singleton
public class OtlpSizeLimit {

    private final long limit;

    public OtlpSizeLimit(NetraConfig config) {
        this.limit = config.otlp().maxBodySize();
    }

    void install(@Observes Router router) {
        router.route(OtlpHttpResource.PATH).order(Integer.MIN_VALUE + 1).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            // Vert.x has already refused a Content-Length that is not a number
            if (declared != null && Long.parseLong(declared.strip()) > limit) {
                OtlpFormat format = OtlpFormat.of(context.request().getHeader(HttpHeaders.CONTENT_TYPE)).orElse(OtlpFormat.PROTOBUF);
                OtlpExport.Failed tooLarge = OtlpExport.Failed.of(413, Code.RESOURCE_EXHAUSTED, "The body exceeds " + limit + " bytes.");
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, format.mediaType())
                        .putHeader(HttpHeaders.CONNECTION, "close").end(Buffer.buffer(format.encode(tooLarge.status())));
                return;
            }
            context.next();
        });
    }
}
