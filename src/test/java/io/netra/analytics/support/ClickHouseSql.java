package io.netra.analytics.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Asks the test ClickHouse directly over HTTP, independently of the service's own client. */
public final class ClickHouseSql {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClickHouseSql() {
    }

    public static String query(String sql) {
        try {
            String url = LocalServersResource.servers().clickHouseUrl() + "/?user=" + LocalServers.CLICKHOUSE_USER
                    + "&password=" + URLEncoder.encode(LocalServers.CLICKHOUSE_PASSWORD, StandardCharsets.UTF_8);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().strip();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql) {
        return Long.parseLong(query(sql));
    }
}
