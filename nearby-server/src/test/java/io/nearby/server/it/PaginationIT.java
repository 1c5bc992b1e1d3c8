package io.nearby.server.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 45 friends in range: pages of 20/20/5, nearest first, totals right. On its own cluster with the default
 * inactivity timeout (setting up 45 users takes longer than the golden scenarios' 3 s under load).
 */
class PaginationIT {
    private static final GeoPoint HOME = new GeoPoint(37.7749, -122.4194);

    private static JsonNode init(WsClient c, double metersNorth) {
        GeoPoint p = GreatCircle.destination(HOME, 0, metersNorth);
        c.init(p.lat(), p.lon());
        return c.expect("nearby");
    }

    @Test
    void pagesOf20_20_5NearestFirst() {
        try (Cluster cluster = Cluster.builder().start()) {
            pages(cluster);
        }
    }

    private static void pages(Cluster cluster) {
        cluster.user("hub");
        List<WsClient> crowd = new ArrayList<>();
        try (WsClient hub = cluster.connect("hub")) {
            for (int i = 0; i < 45; i++) {
                String id = "p" + i;
                cluster.user(id);
                cluster.befriend("hub", id);
                WsClient c = cluster.connect(id);
                crowd.add(c);
                init(c, 10_000 + i * 50);
            }
            JsonNode p0 = init(hub, 9_000);  // p0 is 1,000 m away, p44 3,200 m
            hub.send("{\"type\":\"nearby\",\"page\":1}");
            JsonNode p1 = hub.expect("nearby");
            hub.send("{\"type\":\"nearby\",\"page\":2}");
            JsonNode p2 = hub.expect("nearby");
            assertThat(new int[] {p0.path("friends").size(), p1.path("friends").size(), p2.path("friends").size()}).containsExactly(20, 20, 5);
            for (JsonNode p : new JsonNode[] {p0, p1, p2}) {
                assertThat(p.path("total").asInt()).isEqualTo(45);
                assertThat(p.path("pageSize").asInt()).isEqualTo(20);
            }
            assertThat(p0.path("friends").get(0).path("id").asText()).isEqualTo("p0");
            assertThat(p2.path("friends").get(4).path("id").asText()).isEqualTo("p44");
            double last = -1;
            for (JsonNode p : new JsonNode[] {p0, p1, p2}) {
                for (JsonNode f : p.path("friends")) {
                    assertThat(f.path("distanceMeters").asDouble()).isGreaterThanOrEqualTo(last);
                    last = f.path("distanceMeters").asDouble();
                    assertThat(f.path("name").asText()).isNotBlank();
                    assertThat(f.path("ts").asLong()).isPositive();
                }
            }
        } finally {
            crowd.forEach(WsClient::close);
        }
    }
}
