package io.nearby.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/** Positions on the meridian through a test's home point, in metres north of it (negative: south). */
record NorthOf(GeoPoint home) {
    GeoPoint at(double meters) {
        return GreatCircle.destination(home, 0, meters);
    }

    /** {@code init} there, and the page that answers it. */
    JsonNode initAt(WsClient c, double meters) {
        GeoPoint p = at(meters);
        c.init(p.lat(), p.lon());
        return c.expect("nearby");
    }

    /** A {@code location} there. */
    void moveTo(WsClient c, double meters) {
        GeoPoint p = at(meters);
        c.location(p.lat(), p.lon());
    }
}
