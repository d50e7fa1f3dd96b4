package io.meridian.model.pipeline;

/** A place on Earth in degrees, for choosing the nearest region. */
public record GeoPoint(double latitude, double longitude) {
    public GeoPoint {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("a location needs latitude -90..90 and longitude -180..180, got "
                    + latitude + ", " + longitude);
        }
    }
}
