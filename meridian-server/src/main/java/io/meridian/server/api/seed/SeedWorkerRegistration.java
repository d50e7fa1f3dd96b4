package io.meridian.server.api.seed;

import io.meridian.protocol.lease.WorkerRegistration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of the seed's {@code POST /workers/register}, in its camelCase names. {@code currentLoad},
 * {@code registeredAt}, {@code lastHeartbeat} and {@code status} are accepted but set by the coordinator (they
 * describe a worker it has seen); {@code incarnation}, {@code region}, {@code costPerHour} and {@code labels} are
 * Meridian's additions, optional here.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record SeedWorkerRegistration(String workerId, String hostname, Long pid, List<String> capabilities,
                                     Integer maxConcurrency, Integer currentLoad, Long registeredAt,
                                     Long lastHeartbeat, String status, Metadata metadata, String incarnation,
                                     String region, Double costPerHour, Map<String, String> labels) {

    /** The seed's {@code metadata}: the machine's resources. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Metadata(Integer cpuCores, Double memoryGB, Integer gpuCount, String version, String platform) {}

    /** The /v1 registration; without an incarnation, each registration is a new process (a fresh one is chosen). */
    public WorkerRegistration toRegistration() {
        Metadata m = metadata == null ? new Metadata(null, null, null, null, null) : metadata;
        int cores = m.cpuCores() == null ? Runtime.getRuntime().availableProcessors() : m.cpuCores();
        long memoryMb = m.memoryGB() == null ? 0 : Math.round(m.memoryGB() * 1024);
        return new WorkerRegistration(workerId, incarnation == null ? UUID.randomUUID().toString() : incarnation,
                hostname, pid == null ? 0 : pid, capabilities, cores, memoryMb, m.gpuCount() == null ? 0 : m.gpuCount(),
                maxConcurrency == null ? 1 : maxConcurrency, region, costPerHour == null ? 0 : costPerHour, labels,
                m.version() == null ? "seed-api" : m.version());
    }
}
