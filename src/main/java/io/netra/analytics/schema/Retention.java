package io.netra.analytics.schema;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps events for {@code netra.schema.retention-days}. Where the server has TTL (19.6 and later) the tables get a
 * TTL when the schema is migrated. Where it has none (18.16), every {@code netra.schema.retention-check} the monthly
 * partitions that hold only events older than the retention are dropped (on a cluster, from every shard's local
 * table), each logged once, when it goes. A partition that still holds one event inside the retention stays.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** ClickHouse's version() as "18.16.1", "24.8.4.13": the first two numbers decide. */
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    /** toYYYYMM partitions, as system.parts names them. */
    private static final Pattern MONTH = Pattern.compile("\\d{6}");

    private final ClickHouseGateway clickhouse;
    private final SchemaLayout layout;
    private final SchemaState schema;
    private final NetraConfig.Schema config;
    private final Clock clock;
    private volatile boolean byPartitions;

    public Retention(ClickHouseGateway clickhouse, SchemaLayout layout, SchemaState schema, NetraConfig config, Clock clock) {
        this.clickhouse = clickhouse;
        this.layout = layout;
        this.schema = schema;
        this.config = config.schema();
        this.clock = clock;
    }

    /** Part of every migration: a TTL where the server has one, else the partitions are dropped on schedule. */
    Uni<Void> apply() {
        if (config.retentionDays().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int days = config.retentionDays().getAsInt();
        return clickhouse.query("SELECT version() AS version").chain(rows -> {
            String version = rows.isEmpty() ? "" : rows.get(0).path("version").asText();
            if (hasTtl(version)) {
                byPartitions = false;
                return Multi.createFrom().iterable(layout.retention(days)).onItem().transformToUniAndConcatenate(clickhouse::execute)
                        .collect().last().replaceWithVoid();
            }
            if (!byPartitions) {
                LOG.infof("ClickHouse %s has no TTL: events older than %d days go with their monthly partitions, checked every %s",
                        version, days, config.retentionCheck());
            }
            byPartitions = true;
            return Uni.createFrom().voidItem();
        });
    }

    static boolean hasTtl(String version) {
        Matcher numbers = VERSION.matcher(version);
        if (!numbers.find()) {
            return false;
        }
        int major = Integer.parseInt(numbers.group(1));
        return major > 19 || major == 19 && Integer.parseInt(numbers.group(2)) >= 6;
    }

    @Scheduled(every = "${netra.schema.retention-check}", delayed = "${netra.schema.retention-check}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return dropExpiredPartitions().replaceWithVoid();
    }

    /** Drops the partitions wholly older than the retention; emits how many went. */
    Uni<Integer> dropExpiredPartitions() {
        if (!byPartitions || !schema.isReady()) {
            return Uni.createFrom().item(0);
        }
        // a month's partition holds nothing to keep once the month after it began before the cutoff
        YearMonth newestExpired = YearMonth.from(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .minusDays(config.retentionDays().getAsInt())).minusMonths(1);
        int newest = newestExpired.getYear() * 100 + newestExpired.getMonthValue();
        return Multi.createFrom().iterable(layout.retainedTables())
                .onItem().transformToUniAndConcatenate(table -> clickhouse.query(layout.partitions(table))
                        .map(rows -> rows.stream().map(row -> row.path("partition").asText())
                                .filter(partition -> MONTH.matcher(partition).matches() && Integer.parseInt(partition) <= newest)
                                .map(partition -> new Expired(table, Integer.parseInt(partition))).toList()))
                .collect().asList()
                .map(lists -> lists.stream().flatMap(List::stream).toList())
                .chain(expired -> Multi.createFrom().iterable(expired)
                        // replaceWith: a Multi skips the null items of Uni<Void>, which would not be counted
                        .onItem().transformToUniAndConcatenate(partition -> clickhouse.execute(layout.dropPartition(partition.table(), partition.month()))
                                .replaceWith(partition).invoke(() -> LOG.infof("Retention: dropped partition %d of %s (every event in it is older than %d days)",
                                        partition.month(), partition.table(), config.retentionDays().getAsInt())))
                        .collect().asList().map(List::size))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Retention check failed, trying again in %s: %s", config.retentionCheck(), failure.getMessage());
                    return 0;
                });
    }

    private record Expired(String table, int month) {
    }
}
