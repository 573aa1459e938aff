package io.netra.analytics.queue;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * On Redis Cluster, refuses to start unless the outage queue's keys share a hash tag. Its scripts touch the stream,
 * its byte count ({@code <stream-key>:bytes}) and the dead letters together; keys in different slots fail every one
 * of them (CROSSSLOT), so every event that had to be queued would get a 503. The defaults carry no tag, and are not
 * changed, because a queue renamed on upgrade would strand the events already in it.
 */
@Singleton
public class QueueKeysCheck {

    private final NetraConfig.OutageQueue config;
    private final String clientType;

    public QueueKeysCheck(NetraConfig config, @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.config = config.outageQueue();
        this.clientType = clientType;
    }

    void onStart(@Observes StartupEvent event) {
        if (!"cluster".equalsIgnoreCase(clientType)) {
            return;
        }
        Optional<String> tag = hashTag(config.streamKey());
        if (tag.isEmpty() || !tag.equals(hashTag(config.deadLetterKey()))) {
            throw new IllegalStateException("On Redis Cluster the outage queue's keys must share a hash tag, or its scripts fail "
                    + "with CROSSSLOT: netra.outage-queue.stream-key is " + config.streamKey() + " and dead-letter-key is "
                    + config.deadLetterKey() + ". Set NETRA_OUTAGE_QUEUE_STREAM_KEY={netra}:outage-queue and "
                    + "NETRA_OUTAGE_QUEUE_DEAD_LETTER_KEY={netra}:dead-letters (a new deployment, or one whose queue is empty)");
        }
    }

    /** What Redis Cluster hashes a key by: the text between its first '{' and the next '}', when that is not empty. */
    static Optional<String> hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? Optional.of(key.substring(open + 1, close)) : Optional.empty();
    }
}
