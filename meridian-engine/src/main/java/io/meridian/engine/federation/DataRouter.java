package io.meridian.engine.federation;

import io.meridian.model.pipeline.GeoPoint;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Data locality: which region is nearest to some data, and how a list is split so that each region processes
 * only its part. An item carries a location when it has {@code lat}/{@code lon} (or {@code latitude}/
 * {@code longitude}), at the top level or under {@code location}; it goes to the nearest region that has a
 * location. Items without one are dealt out by weight (smooth weighted round robin: a region of weight 2 gets
 * twice the items of a region of weight 1, interleaved, and the split is the same every time).
 */
public final class DataRouter {
    private final List<RegionConfig> regions;

    public DataRouter(List<RegionConfig> regions) {
        this.regions = List.copyOf(regions);
    }

    /** The region nearest to {@code location} among those whose location is known. */
    public Optional<RegionConfig> optimalRegion(GeoPoint location) {
        if (location == null) {
            return Optional.empty();
        }
        return regions.stream().filter(r -> r.location() != null)
                .min(Comparator.comparingDouble(r -> GreatCircle.km(location, r.location())));
    }

    /** Each region's part of {@code items}, in region order; regions that get nothing are left out. */
    public Map<String, ArrayNode> partition(JsonNode items) {
        Map<String, ArrayNode> parts = new LinkedHashMap<>();
        regions.forEach(r -> parts.put(r.name(), JsonNodeFactory.instance.arrayNode()));
        double[] current = new double[regions.size()];
        double total = regions.stream().mapToDouble(RegionConfig::weight).sum();
        for (JsonNode item : items) {
            Optional<RegionConfig> nearest = locationOf(item).flatMap(this::optimalRegion);
            String target = nearest.map(RegionConfig::name).orElseGet(() -> byWeight(current, total));
            parts.get(target).add(item);
        }
        parts.values().removeIf(ArrayNode::isEmpty);
        return parts;
    }

    private String byWeight(double[] current, double total) {
        int best = 0;
        for (int i = 0; i < regions.size(); i++) {
            current[i] += regions.get(i).weight();
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return regions.get(best).name();
    }

    /** The location an item carries, if any. */
    public static Optional<GeoPoint> locationOf(JsonNode item) {
        if (item == null || !item.isObject()) {
            return Optional.empty();
        }
        JsonNode at = item.has("location") && item.get("location").isObject() ? item.get("location") : item;
        JsonNode lat = at.has("lat") ? at.get("lat") : at.get("latitude");
        JsonNode lon = at.has("lon") ? at.get("lon") : at.get("longitude");
        if (lat == null || lon == null || !lat.isNumber() || !lon.isNumber()
                || Math.abs(lat.doubleValue()) > 90 || Math.abs(lon.doubleValue()) > 180) {
            return Optional.empty();
        }
        return Optional.of(new GeoPoint(lat.doubleValue(), lon.doubleValue()));
    }
}
