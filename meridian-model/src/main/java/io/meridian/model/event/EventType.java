package io.meridian.model.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of state change Meridian records as an event. {@link #wireName()} is the short name used in
 * filters, the CLI and the store ({@code job.succeeded}); the CloudEvents {@code type} attribute is the same name
 * prefixed with {@link #CLOUDEVENTS_PREFIX} ({@code io.meridian.job.succeeded}).
 */
public enum EventType {
    EXECUTION_CREATED("execution.created"),
    EXECUTION_STARTED("execution.started"),
    EXECUTION_PAUSED("execution.paused"),
    EXECUTION_RESUMED("execution.resumed"),
    EXECUTION_CANCELLED("execution.cancelled"),
    EXECUTION_SUCCEEDED("execution.succeeded"),
    EXECUTION_FAILED("execution.failed"),
    STAGE_STARTED("stage.started"),
    STAGE_SUCCEEDED("stage.succeeded"),
    STAGE_FAILED("stage.failed"),
    STAGE_SKIPPED("stage.skipped"),
    STAGE_CANCELLED("stage.cancelled"),
    JOB_QUEUED("job.queued"),
    JOB_LEASED("job.leased"),
    JOB_STARTED("job.started"),
    JOB_PROGRESS("job.progress"),
    JOB_LOG("job.log"),
    JOB_SUCCEEDED("job.succeeded"),
    JOB_FAILED("job.failed"),
    JOB_RETRY_SCHEDULED("job.retry_scheduled"),
    JOB_DEAD("job.dead"),
    JOB_PAUSED("job.paused"),
    JOB_CANCELLED("job.cancelled"),
    WORKER_REGISTERED("worker.registered"),
    WORKER_UNHEALTHY("worker.unhealthy"),
    WORKER_OFFLINE("worker.offline"),
    WORKER_DEREGISTERED("worker.deregistered"),
    LEADER_ELECTED("leader.elected"),
    REGION_UNREACHABLE("region.unreachable"),
    REGION_RECOVERED("region.recovered"),
    LOCK_ACQUIRED("lock.acquired"),
    LOCK_RELEASED("lock.released"),
    LOCK_EXPIRED("lock.expired"),
    SCHEDULE_CREATED("schedule.created"),
    SCHEDULE_FIRED("schedule.fired"),
    SCHEDULE_SKIPPED("schedule.skipped"),
    SCHEDULE_PAUSED("schedule.paused"),
    SCHEDULE_RESUMED("schedule.resumed"),
    SCHEDULE_DELETED("schedule.deleted"),
    POOL_SCALED_UP("pool.scaled_up"),
    POOL_SCALED_DOWN("pool.scaled_down"),
    POOL_HELD("pool.held"),
    POOL_WORKER_FAILED_TO_START("pool.worker_failed_to_start"),
    POOL_BREAKER_OPENED("pool.breaker_opened");

    /** Prefix of the CloudEvents {@code type} attribute, reverse-DNS as the specification recommends. */
    public static final String CLOUDEVENTS_PREFIX = "io.meridian.";

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The short name, such as {@code job.succeeded}. */
    public String wireName() {
        return wireName;
    }

    /** The CloudEvents {@code type}, such as {@code io.meridian.job.succeeded}. */
    public String cloudEventsType() {
        return CLOUDEVENTS_PREFIX + wireName;
    }

    /** The type named {@code name}, short ({@code job.failed}) or prefixed ({@code io.meridian.job.failed}). */
    public static Optional<EventType> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String shortName = name.startsWith(CLOUDEVENTS_PREFIX) ? name.substring(CLOUDEVENTS_PREFIX.length()) : name;
        return Optional.ofNullable(BY_NAME.get(shortName));
    }

    /** Every short name, in declaration order: for error messages and help. */
    public static String names() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
